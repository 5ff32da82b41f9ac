/** fast-check arbitraries for WAMP messages (every type, with binary values in payloads). */
import fc from 'fast-check';
import { type Dict, MessageCode, type MessageName, type WampMessage } from '../../../protocols/wamp/messages.js';

export const id = fc.maxSafeNat().map((n) => n + 1);
const uri = fc.stringMatching(/^[a-z0-9_]{1,6}(\.[a-z0-9_]{1,6}){0,3}$/);
const key = fc.stringMatching(/^[a-z][a-z0-9_]{2,8}$/);

/** JSON values plus byte arrays; no string starts with NUL (JSON's binary marker). */
export const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  leaf: fc.oneof(
    fc.string().filter((s) => !s.startsWith('\u0000')),
    fc.integer(),
    fc.maxSafeInteger(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
    fc.boolean(),
    fc.constant(null),
    fc.uint8Array({ maxLength: 40 }),
  ),
  node: fc.oneof({ depthSize: 'small' }, tie('leaf'), tie('list'), tie('dict')),
  list: fc.array(tie('node'), { maxLength: 4 }),
  dict: fc.dictionary(
    fc.string().filter((k) => k !== '__proto__'),
    tie('node'),
    { maxKeys: 4 },
  ),
})).node;

export const dict: fc.Arbitrary<Dict> = fc.dictionary(key, value, { maxKeys: 3 });
const args = fc.option(fc.array(value, { minLength: 1, maxLength: 3 }), { nil: undefined });
const kwargs = fc.option(
  fc.dictionary(
    fc.string({ minLength: 1 }).filter((k) => k !== '__proto__'),
    value,
    { minKeys: 1, maxKeys: 3 },
  ),
  {
    nil: undefined,
  },
);

function withPayload<T extends object>(base: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.tuple(base, args, kwargs).map(([message, a, k]) => ({
    ...message,
    ...(a === undefined ? {} : { args: a }),
    ...(k === undefined ? {} : { kwargs: k }),
  }));
}

const shapes: { [K in MessageName]: fc.Arbitrary<WampMessage> } = {
  HELLO: fc.record({ type: fc.constant('HELLO'), realm: uri, details: dict }),
  WELCOME: fc.record({ type: fc.constant('WELCOME'), session: id, details: dict }),
  ABORT: withPayload(fc.record({ type: fc.constant('ABORT'), details: dict, reason: uri })),
  CHALLENGE: fc.record({ type: fc.constant('CHALLENGE'), authMethod: fc.string(), extra: dict }),
  AUTHENTICATE: fc.record({ type: fc.constant('AUTHENTICATE'), signature: fc.string(), extra: dict }),
  GOODBYE: fc.record({ type: fc.constant('GOODBYE'), details: dict, reason: uri }),
  ERROR: withPayload(
    fc.record({
      type: fc.constant('ERROR'),
      requestType: fc.constantFrom(32, 34, 48, 64, 66, 68),
      request: id,
      details: dict,
      error: uri,
    }),
  ),
  PUBLISH: withPayload(fc.record({ type: fc.constant('PUBLISH'), request: id, options: dict, topic: uri })),
  PUBLISHED: fc.record({ type: fc.constant('PUBLISHED'), request: id, publication: id }),
  SUBSCRIBE: fc.record({ type: fc.constant('SUBSCRIBE'), request: id, options: dict, topic: uri }),
  SUBSCRIBED: fc.record({ type: fc.constant('SUBSCRIBED'), request: id, subscription: id }),
  UNSUBSCRIBE: fc.record({ type: fc.constant('UNSUBSCRIBE'), request: id, subscription: id }),
  UNSUBSCRIBED: fc.record({ type: fc.constant('UNSUBSCRIBED'), request: id }),
  EVENT: withPayload(fc.record({ type: fc.constant('EVENT'), subscription: id, publication: id, details: dict })),
  CALL: withPayload(fc.record({ type: fc.constant('CALL'), request: id, options: dict, procedure: uri })),
  CANCEL: fc.record({ type: fc.constant('CANCEL'), request: id, options: dict }),
  RESULT: withPayload(fc.record({ type: fc.constant('RESULT'), request: id, details: dict })),
  REGISTER: fc.record({ type: fc.constant('REGISTER'), request: id, options: dict, procedure: uri }),
  REGISTERED: fc.record({ type: fc.constant('REGISTERED'), request: id, registration: id }),
  UNREGISTER: fc.record({ type: fc.constant('UNREGISTER'), request: id, registration: id }),
  UNREGISTERED: fc.record({ type: fc.constant('UNREGISTERED'), request: id }),
  INVOCATION: withPayload(fc.record({ type: fc.constant('INVOCATION'), request: id, registration: id, details: dict })),
  INTERRUPT: fc.record({ type: fc.constant('INTERRUPT'), request: id, options: dict }),
  YIELD: withPayload(fc.record({ type: fc.constant('YIELD'), request: id, options: dict })),
} as { [K in MessageName]: fc.Arbitrary<WampMessage> };

/** Every message type, by name. */
export const messageArbitraries = shapes;
export const anyMessage: fc.Arbitrary<WampMessage> = fc.oneof(...Object.values(shapes));
export const messageNames = Object.keys(MessageCode) as MessageName[];

/** Deep copy with every Buffer turned into a plain Uint8Array (decoders return Buffers in Node). */
export function plainBytes(input: unknown): unknown {
  if (input instanceof Uint8Array) return Uint8Array.from(input);
  if (Array.isArray(input)) return input.map(plainBytes);
  if (input !== null && typeof input === 'object') {
    return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, plainBytes(v)]));
  }
  return input;
}
