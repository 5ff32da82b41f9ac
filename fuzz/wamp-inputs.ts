/**
 * WAMP inputs: messages of every type built from their field kinds (ids out of range, options
 * with hostile values, wrong arity, wrong types, unknown codes), encoded with the session's
 * serializer; mutations of those encodings; exotic CBOR/MessagePack values (tags, maps with
 * non-string keys, bigints, extension types); and random bytes.
 */
import { encode as msgpackEncode } from '@msgpack/msgpack';
import { Encoder as CborEncoder } from 'cbor-x';
import fc from 'fast-check';
import type { Serializer } from '../protocols/wamp/serializers/index.js';
import { mutated } from './mutate.js';
import { anyValue, deepish, hugeNumber, oddString, wrongType } from './values.js';

type Kind = 'id' | 'uri' | 'dict' | 'int' | 'string';

/** Field kinds after the type code (WAMP MS message definitions); `payload` adds Arguments|ArgumentsKw. */
const SHAPES: Readonly<Record<number, { fields: readonly Kind[]; payload?: true }>> = {
  1: { fields: ['uri', 'dict'] },
  2: { fields: ['id', 'dict'] },
  3: { fields: ['dict', 'uri'], payload: true },
  4: { fields: ['string', 'dict'] },
  5: { fields: ['string', 'dict'] },
  6: { fields: ['dict', 'uri'] },
  8: { fields: ['int', 'id', 'dict', 'uri'], payload: true },
  16: { fields: ['id', 'dict', 'uri'], payload: true },
  17: { fields: ['id', 'id'] },
  32: { fields: ['id', 'dict', 'uri'] },
  33: { fields: ['id', 'id'] },
  34: { fields: ['id', 'id'] },
  35: { fields: ['id'] },
  36: { fields: ['id', 'id', 'dict'], payload: true },
  48: { fields: ['id', 'dict', 'uri'], payload: true },
  49: { fields: ['id', 'dict'] },
  50: { fields: ['id', 'dict'], payload: true },
  64: { fields: ['id', 'dict', 'uri'] },
  65: { fields: ['id', 'id'] },
  66: { fields: ['id', 'id'] },
  67: { fields: ['id'] },
  68: { fields: ['id', 'id', 'dict'], payload: true },
  69: { fields: ['id', 'dict'] },
  70: { fields: ['id', 'dict'], payload: true },
};
/**
 * What clients send in a session, weighted over what ends one (HELLO again, ABORT, GOODBYE,
 * AUTHENTICATE out of turn) and what only routers send: a session ends at its first violation.
 */
const SESSION_CODES = [16, 32, 34, 48, 49, 64, 66];
/** ERROR and YIELD answer an INVOCATION; for any other request id they end the session. */
const ANSWER_CODES = [8, 70];
const HANDSHAKE_CODES = [1, 3, 5, 6];
const OTHER_CODES = [2, 4, 17, 33, 35, 36, 50, 65, 67, 68, 69];

const id = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: 1, max: 20 }) },
  fc.constantFrom(0, -1, 1.5, 2 ** 53, 2 ** 53 + 1, 2 ** 64, Number.MAX_VALUE),
);
const uri = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      'fuzz.a',
      'fuzz.b',
      'fuzz.proc',
      'fuzz.callee',
      'fuzz.rpc',
      'realm1',
      'wamp.session.count',
    ),
  },
  fc.constantFrom('', '.', 'a..b', 'fuzz.', 'fuzz.a.', 'wamp.error.x', 'wamp.registration.list', 'wamp.session.get'),
  oddString,
);
/** Options and details the router reads, with plausible or hostile values. */
const optionKey = fc.constantFrom(
  'acknowledge',
  'exclude_me',
  'exclude',
  'eligible',
  'exclude_authid',
  'eligible_authrole',
  'match',
  'invoke',
  'receive_progress',
  'progress',
  'timeout',
  'disclose_me',
  'mode',
  'roles',
  'authmethods',
  'authid',
  'authextra',
  'get_retained',
  'retain',
  'concurrency',
  'forward_for',
  'ppt_scheme',
  'reason',
  'message',
  'features',
  '_x_custom',
);
const optionValue = fc.oneof(
  fc.boolean(),
  fc.constantFrom('prefix', 'wildcard', 'exact', 'roundrobin', 'random', 'first', 'last', 'kill', 'skip', 'killnowait'),
  fc.array(id, { maxLength: 3 }),
  fc.constantFrom({ publisher: {}, subscriber: {}, caller: {}, callee: {} }, { caller: { features: null } }),
  hugeNumber,
  wrongType,
);
const dict = fc.oneof(
  { weight: 10, arbitrary: fc.dictionary(optionKey, optionValue, { maxKeys: 4, noNullPrototype: true }) },
  fc.dictionary(fc.string({ maxLength: 8 }), anyValue(2), { maxKeys: 3, noNullPrototype: true }),
);

function field(kind: Kind): fc.Arbitrary<unknown> {
  const right = { id, uri, dict, int: fc.oneof(fc.integer(), fc.constantFrom(32, 48, 64, 68)), string: oddString }[
    kind
  ];
  return fc.oneof({ weight: 20, arbitrary: right }, wrongType);
}

const payload = fc.oneof(
  { weight: 4, arbitrary: fc.constant([] as unknown[]) },
  fc.tuple(fc.array(anyValue(3, true), { maxLength: 3 })),
  fc.tuple(
    fc.array(anyValue(3, true), { maxLength: 3 }),
    fc.dictionary(fc.string(), anyValue(3, true), { maxKeys: 3 }),
  ),
  fc.tuple(wrongType),
  fc.tuple(fc.constant([]), wrongType),
  fc.tuple(fc.array(deepish, { maxLength: 2 })),
);

/** A message of a known type: fields mostly of the right kind; sometimes cut short or extended. */
const shapedMessage: fc.Arbitrary<unknown[]> = fc
  .oneof(
    { weight: 16, arbitrary: fc.constantFrom(...SESSION_CODES) },
    { weight: 3, arbitrary: fc.constantFrom(...ANSWER_CODES) },
    { weight: 2, arbitrary: fc.constantFrom(...HANDSHAKE_CODES) },
    fc.constantFrom(...OTHER_CODES),
  )
  .chain((code) => {
    const shape = SHAPES[code] as { fields: readonly Kind[]; payload?: true };
    return fc
      .tuple(fc.tuple(...shape.fields.map(field)), shape.payload ? payload : fc.constant([]), fc.nat(30))
      .map(([fields, extra, arity]) => {
        const message = [code, ...fields, ...extra];
        // Wrong arity, sometimes: cut short or padded.
        if (arity === 0) return message.slice(0, message.length - 1);
        if (arity === 1) return [...message, null];
        return message;
      });
  });

/** Unknown codes, codes of the wrong type, and lists that are not messages at all. */
const oddMessage: fc.Arbitrary<unknown> = fc.oneof(
  fc
    .tuple(
      fc.oneof(fc.constantFrom(0, 7, 9, 100, 255, -1, 1.5, '1', '48', null, true), hugeNumber),
      fc.array(wrongType, { maxLength: 4 }),
    )
    .map(([code, rest]) => [code, ...rest]),
  fc.constant([]),
  wrongType,
);

export const wampMessage: fc.Arbitrary<unknown> = fc.oneof({ weight: 12, arbitrary: shapedMessage }, oddMessage);

/** Values only binary serializers carry: tags, typed arrays, non-string map keys, bigints. */
const exotic: fc.Arbitrary<unknown> = fc.constantFrom(
  new Map<unknown, unknown>([
    [1, 2],
    [{}, 'x'],
  ]),
  new Set([1, 2]),
  new Date(0),
  2n ** 64n,
  -(2n ** 63n),
  undefined,
  new Float64Array([1.5]),
  new Uint16Array([1, 2]),
  /re/g,
  new Error('boom'),
);
const cbor = new CborEncoder({ useRecords: true, tagUint8Array: true });

/** A message with an exotic value in some field, encoded by a full-featured encoder. */
function exoticEncoding(name: 'msgpack' | 'cbor'): fc.Arbitrary<Uint8Array> {
  return fc.tuple(shapedMessage, exotic, fc.nat()).map(([message, value, at]) => {
    const copy = [...message];
    copy[1 + (at % Math.max(1, copy.length - 1))] = value;
    try {
      return name === 'cbor' ? cbor.encode(copy) : msgpackEncode(copy, { useBigInt64: true, ignoreUndefined: false });
    } catch {
      return cbor.encode([copy[0], String(value)]);
    }
  });
}

function encodeBytes(serializer: Serializer, message: unknown): Uint8Array {
  let data: string | Uint8Array;
  try {
    data = serializer.encode(message as unknown[]);
  } catch {
    // A value this serializer cannot write (the client side would refuse it too).
    data = serializer.encode([0]);
  }
  return typeof data === 'string' ? new TextEncoder().encode(data) : data;
}

/** One WAMP WebSocket message for `serializer`: bytes, sent as text for JSON. */
export function wampInput(serializer: Serializer): fc.Arbitrary<Uint8Array> {
  const encoded = wampMessage.map((message) => encodeBytes(serializer, message));
  const extra = serializer.name === 'json' ? [] : [{ weight: 1, arbitrary: exoticEncoding(serializer.name) }];
  return fc.oneof(
    // A session ends at its first protocol violation: mostly well-formed messages, so that
    // later inputs reach a live session.
    { weight: 10, arbitrary: encoded },
    { weight: 2, arbitrary: mutated(encoded) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
    ...extra,
  );
}

/** HELLO (or not, to fuzz the handshake itself). */
export const wampPreamble = fc.constantFrom('none', 'hello', 'hello', 'hello', 'hello', 'hello', 'hello', 'hello');

export const HELLO = [
  1,
  'realm1',
  {
    roles: {
      publisher: {},
      subscriber: {},
      caller: { features: { progressive_call_results: true, call_canceling: true } },
      callee: { features: { progressive_call_results: true, call_canceling: true } },
    },
  },
];
