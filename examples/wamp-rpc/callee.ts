/**
 * Registers `com.example.add` and a progressive `com.example.countdown` with autobahn-js.
 *
 * Run from the repository root after the server: node dist/examples/wamp-rpc/callee.js
 * (WAMP_URL overrides ws://127.0.0.1:8080).
 */
import { fileURLToPath } from 'node:url';
import autobahn, { type InvocationDetails, type Session } from 'autobahn';

/** The procedures this callee registers. */
export const PROCEDURES = { add: 'com.example.add', countdown: 'com.example.countdown' } as const;

/** Pause between countdown steps, so a page shows the progressive results arrive one by one. */
const STEP_MS = 200;

export interface Callee {
  /** Leaves the realm (GOODBYE); the broker drops both registrations. */
  close(): Promise<void>;
}

async function countdown(args: unknown[], _kwargs: unknown, details: InvocationDetails): Promise<string> {
  for (let i = Number(args[0]); i > 0; i--) {
    details.progress?.([i]);
    await new Promise((resolve) => setTimeout(resolve, STEP_MS));
  }
  return 'liftoff';
}

async function registerAll(session: Session): Promise<void> {
  await session.register(PROCEDURES.add, (args) => Number(args[0]) + Number(args[1]));
  await session.register(PROCEDURES.countdown, countdown);
}

/**
 * Connects and registers both procedures (again after each reconnect: autobahn retries when the
 * broker goes away). Resolves once they are registered; rejects when the first connection fails.
 */
export function startCallee(url: string): Promise<Callee> {
  const connection = new autobahn.Connection({ url, realm: 'realm1', protocols: ['wamp.2.json'] });
  let opened = false;
  let markClosed: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    markClosed = resolve;
  });
  const callee: Callee = {
    close: async () => {
      if (connection.session?.isOpen) connection.close();
      await closed;
    },
  };
  return new Promise((resolve, reject) => {
    connection.onopen = (session) => {
      registerAll(session).then(
        () => {
          opened = true;
          resolve(callee);
        },
        (error: unknown) => (opened ? console.error('callee: registering failed', error) : reject(error)),
      );
    };
    connection.onclose = (reason, details) => {
      markClosed();
      if (!opened) reject(new Error(`callee could not connect to ${url}: ${details.reason ?? reason}`));
      return !opened; // true stops autobahn's retries: only a callee that was up keeps reconnecting
    };
    connection.open();
  });
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  try {
    const callee = await startCallee(process.env.WAMP_URL ?? 'ws://127.0.0.1:8080');
    console.log(`callee ready: ${PROCEDURES.add}, ${PROCEDURES.countdown}`);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void callee.close());
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
