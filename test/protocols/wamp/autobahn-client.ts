/** Opens autobahn-js sessions against a test broker over json, msgpack or cbor. */
import autobahn, { type ConnectionOptions, type Session } from 'autobahn';
import { afterAll, beforeAll } from 'vitest';
import { wamp } from '../../../protocols/wamp/index.js';
import { type StartedJunction, startJunction } from '../../helpers/start-junction.js';

export type SerializerName = 'json' | 'msgpack' | 'cbor';
export const SERIALIZER_NAMES: readonly SerializerName[] = ['json', 'msgpack', 'cbor'];

function serializerFor(name: SerializerName): unknown {
  if (name === 'json') return new autobahn.serializer.JSONSerializer();
  if (name === 'msgpack') return new autobahn.serializer.MsgpackSerializer();
  return new autobahn.serializer.CBORSerializer();
}

export interface OpenSession {
  readonly session: Session;
  /** WELCOME.Details as autobahn passed them to `onopen` (authid, authrole, authmethod, …). */
  readonly welcome: Record<string, unknown>;
  /** Resolves with the close reason once the connection closes. */
  readonly closed: Promise<string>;
  close(): Promise<void>;
}

/** Opens one session; rejects with the close reason (e.g. an ABORT URI) when it cannot. */
export function openSession(
  url: string,
  serializer: SerializerName,
  options: Partial<ConnectionOptions> = {},
): Promise<OpenSession> {
  const connection = new autobahn.Connection({
    url,
    realm: 'realm1',
    protocols: [`wamp.2.${serializer}`],
    serializers: [serializerFor(serializer)],
    max_retries: 0,
    retry_if_unreachable: false,
    ...options,
  });
  return new Promise((resolve, reject) => {
    let resolveClosed: (reason: string) => void = () => {};
    const closed = new Promise<string>((r) => {
      resolveClosed = r;
    });
    connection.onopen = (session, details) => {
      resolve({
        session,
        welcome: details as unknown as Record<string, unknown>,
        closed,
        close: async () => {
          // autobahn throws when the connection is closed already (killed, aborted).
          if (connection.session?.isOpen) connection.close();
          await closed;
        },
      });
    };
    connection.onclose = (reason, details) => {
      const why = details.reason ?? reason;
      resolveClosed(why);
      reject(new Error(why));
      return true; // never retry
    };
    connection.open();
  });
}

/** Waits until `predicate` holds, polling; fails after `timeoutMs`. */
export async function eventually(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A WAMP broker for the tests of one file: `open` connects a session and closes it with the broker. */
export interface WampTestBroker {
  open(serializer: SerializerName, options?: Partial<ConnectionOptions>): Promise<OpenSession>;
}

/** Starts a WAMP-only broker before the file's tests and closes it, with every session it opened, after them. */
export function wampBrokerForFile(): WampTestBroker {
  let server: StartedJunction | undefined;
  const opened: OpenSession[] = [];
  beforeAll(async () => {
    server = await startJunction({ protocols: [wamp()] });
  });
  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close().catch(() => {})));
    await server?.close();
  });
  return {
    async open(serializer, options = {}) {
      if (server === undefined) throw new Error('the broker starts in beforeAll: open sessions inside tests');
      const session = await openSession(server.url, serializer, options);
      opened.push(session);
      return session;
    },
  };
}
