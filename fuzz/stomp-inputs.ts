/**
 * STOMP inputs: frames built by hand (so header values may inject lines), valid frames of every
 * client command with hostile header values, mutations of valid frames, and random bytes.
 */
import fc from 'fast-check';
import { mutated } from './mutate.js';
import { hugeNumber } from './values.js';

const encoder = new TextEncoder();

const COMMANDS = ['SEND', 'SUBSCRIBE', 'UNSUBSCRIBE', 'ACK', 'NACK', 'BEGIN', 'COMMIT', 'ABORT', 'DISCONNECT'];
const ODD_COMMANDS = ['CONNECT', 'STOMP', 'CONNECTED', 'MESSAGE', 'RECEIPT', 'ERROR', 'send', 'BOGUS', '', ' SEND'];

/** Few destinations, so queues stay few (the fuzz broker bounds their length too). */
const destination = fc.oneof(
  fc.constantFrom(
    '/topic/fuzz.a',
    '/topic/fuzz.*',
    '/topic/fuzz.#',
    '/queue/fuzz.a',
    '/queue/fuzz.b',
    '/temp-queue/t1',
    '/reply-queue/r1',
    '/rpc/fuzz.proc',
    '/rpc/fuzz.callee',
    '/rpc/fuzz.rpc',
    '/exchange/amq.topic/fuzz.a',
    '/amq/queue/fuzz.a',
    '/topic/',
    '/queue/',
    '/',
    '',
    'fuzz.a',
    '/topic/fuzz..a',
    '/topic/\u0000',
  ),
  fc.string({ maxLength: 12 }).map((s) => `/topic/${s}`),
);

const numberText = fc.oneof(
  fc.integer({ min: -5, max: 5000 }).map(String),
  hugeNumber.map(String),
  fc.constantFrom('', '-0', '1e3', '0x10', '00012', ' 5', '9'.repeat(40), 'NaN', 'Infinity'),
);

const headerValue = fc.oneof(
  fc.string({ maxLength: 16 }),
  fc.string({ unit: 'binary', maxLength: 16 }),
  numberText,
  // Escapes, valid and not (STOMP 1.2 "Value Encoding"), and injected lines.
  fc.constantFrom('\\n', '\\c', '\\\\', '\\r', '\\t', '\\', 'a\nb:c', 'x\r\ny:z', ':', '::', '\r'),
);

/**
 * Ids that refer to something earlier in the session: subscriptions 1 and 2, transaction t1, the
 * queue deliveries' ack ids (q1, q2, …) and a topic delivery's, so ACK, NACK, UNSUBSCRIBE and
 * COMMIT often find what they name.
 */
const reference = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('1', '2', 't1', 'q1', 'q2', 'q3', 'tp1') },
  headerValue,
);

/** Headers a handler reads, each with a plausible or hostile value. */
const knownHeader: fc.Arbitrary<[string, string]> = fc.oneof(
  fc.tuple(fc.constant('destination'), destination),
  fc.tuple(fc.constantFrom('id', 'subscription', 'receipt', 'transaction', 'message-id', 'ack'), reference),
  fc.tuple(fc.constant('ack'), fc.constantFrom('auto', 'client', 'client-individual', 'AUTO', '')),
  fc.tuple(fc.constantFrom('content-length', 'heart-beat', 'x-max-priority', 'expires', 'priority'), numberText),
  fc.tuple(
    fc.constant('heart-beat'),
    fc.tuple(numberText, numberText).map(([a, b]) => `${a},${b}`),
  ),
  fc.tuple(fc.constantFrom('accept-version', 'host', 'login', 'passcode'), headerValue),
  fc.tuple(fc.constant('accept-version'), fc.constantFrom('1.0', '1.1', '1.2', '1.2,1.1', '2.0', '1.3,')),
  fc.tuple(fc.constantFrom('content-type', 'reply-to', 'persistent', 'selector', 'durable'), headerValue),
  fc.tuple(fc.constant('content-type'), fc.constantFrom('application/json', 'text/plain;charset=utf-16', '/')),
  fc.tuple(fc.constant('reply-to'), destination),
);

const anyHeader: fc.Arbitrary<[string, string]> = fc.oneof(
  { weight: 4, arbitrary: knownHeader },
  { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 12 }), headerValue) },
);

const body = fc.oneof(
  fc.constant(new Uint8Array()),
  fc.uint8Array({ maxLength: 64 }),
  fc.string({ maxLength: 64 }).map((s) => encoder.encode(s)),
  fc.constantFrom('{"a":1}', '[1,2', 'null', '\u0000').map((s) => encoder.encode(s)),
);

/** A frame written literally: header values are not escaped, so they can inject lines. */
export function rawFrame(command: string, headers: readonly (readonly [string, string])[], payload: Uint8Array) {
  const head = `${command}\n${headers.map(([k, v]) => `${k}:${v}\n`).join('')}\n`;
  const bytes = new Uint8Array(head.length * 3 + payload.length + 1);
  const written = encoder.encodeInto(head, bytes).written;
  bytes.set(payload, written);
  return bytes.subarray(0, written + payload.length + 1); // the last byte is the NUL
}

/** A frame of a client command, headers plausible or hostile. */
export const stompFrame: fc.Arbitrary<Uint8Array> = fc
  .tuple(
    fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...COMMANDS) }, fc.constantFrom(...ODD_COMMANDS)),
    fc.array(anyHeader, { maxLength: 6 }),
    body,
    fc.constantFrom('', '\r', '\n'),
  )
  .map(([command, headers, payload, eol]) => {
    const frame = rawFrame(command, headers, payload);
    return eol === '' ? frame : Uint8Array.from([...frame, eol.charCodeAt(0)]);
  });

/** One STOMP input: a frame, a mutated frame, or random bytes. */
export const stompInput: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 5, arbitrary: stompFrame },
  { weight: 3, arbitrary: mutated(stompFrame) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 128 }) },
);

/** How a session starts: already CONNECTed (by version), or raw from the first byte. */
export const stompPreamble = fc.constantFrom('none', '1.0', '1.1', '1.2', '1.2', '1.2');

export function connectFrame(version: string): Uint8Array {
  return encoder.encode(`CONNECT\naccept-version:${version}\nhost:/\nheart-beat:0,0\n\n\0`);
}
