/**
 * Calls the callee's procedures with autobahn-js, then leaves.
 *
 * Run from the repository root after the server and the callee: node dist/examples/wamp-rpc/caller.js
 * (WAMP_URL overrides ws://127.0.0.1:8080).
 */
import { fileURLToPath } from 'node:url';
import autobahn, { type Session } from 'autobahn';
import { PROCEDURES } from './callee.js';

async function callAll(session: Session, print: (line: string) => void): Promise<void> {
  print(`2 + 3 = ${await session.call(PROCEDURES.add, [2, 3])}`);
  const result = await session.call(PROCEDURES.countdown, [3], undefined, { receive_progress: true }).then(
    (value) => value,
    undefined,
    (step) => print(`progress ${step}`),
  );
  print(`countdown: ${result}`);
  try {
    await session.call('com.example.missing');
    print('unexpected: com.example.missing answered');
  } catch (error) {
    print(`expected error: ${(error as { error: string }).error}`);
  }
}

/** Connects, makes the three calls, printing one line per answer, and leaves; rejects when it cannot connect. */
export function runCaller(url: string, print: (line: string) => void = console.log): Promise<void> {
  const connection = new autobahn.Connection({
    url,
    realm: 'realm1',
    protocols: ['wamp.2.json'],
    max_retries: 0,
    retry_if_unreachable: false,
  });
  return new Promise((resolve, reject) => {
    let failure: unknown;
    connection.onopen = (session) => {
      callAll(session, print)
        .catch((error: unknown) => {
          failure = error;
        })
        // autobahn throws when asked to close a connection that is gone already.
        .finally(() => connection.session?.isOpen && connection.close());
    };
    connection.onclose = (reason, details) => {
      if (reason === 'closed' && failure === undefined) resolve();
      else reject(failure ?? new Error(`caller lost ${url}: ${details.reason ?? reason}`));
      return true; // never retry
    };
    connection.open();
  });
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  await runCaller(process.env.WAMP_URL ?? 'ws://127.0.0.1:8080').catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
