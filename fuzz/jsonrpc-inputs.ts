/**
 * JSON-RPC 2.0 inputs: requests for the built-in methods and for procedures with hostile params
 * and ids, notifications, responses to requests never sent, batches (empty, mixed, over the
 * limit), JSON that is not an envelope, mutated JSON and random bytes.
 */
import fc from 'fast-check';
import { mutated } from './mutate.js';
import { anyValue, deepish, hugeNumber, oddString, wrongType } from './values.js';

const encoder = new TextEncoder();

const method = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('subscribe', 'unsubscribe', 'publish', 'register', 'unregister', 'login') },
  fc.constantFrom(
    'fuzz.proc',
    'fuzz.callee',
    'fuzz.rpc',
    'rpc.discover',
    'rpc.cancel',
    'subscription',
    '',
    'wamp.session.count',
    'constructor',
  ),
  oddString,
);
const requestId = fc.oneof(
  fc.integer({ min: 0, max: 20 }),
  fc.string({ maxLength: 6 }),
  fc.constant(null),
  hugeNumber,
  wrongType,
);
const topic = fc.constantFrom('fuzz.a', 'fuzz.b', 'fuzz.*', 'fuzz.#', '', 'fuzz..a', 'fuzz.proc');
/** Params shaped for the built-ins, by position or by name, or anything at all. */
const params = fc.oneof(
  fc.tuple(topic),
  fc.tuple(topic, fc.record({ match: fc.constantFrom('exact', 'prefix', 'wildcard', 'bogus') }, { requiredKeys: [] })),
  fc.tuple(topic, anyValue(3), fc.record({ headers: wrongType, contentType: wrongType }, { requiredKeys: [] })),
  fc.record(
    { topic, payload: anyValue(3), headers: fc.dictionary(fc.string(), wrongType, { maxKeys: 2 }) },
    { requiredKeys: [] },
  ),
  fc.record(
    { procedure: topic, invoke: fc.constantFrom('single', 'roundrobin', 'first', 'x'), match: wrongType },
    { requiredKeys: [] },
  ),
  fc.record({ subscription: requestId, registration: requestId }, { requiredKeys: [] }),
  fc.tuple(fc.oneof(fc.integer({ min: 1, max: 5 }), hugeNumber)),
  fc.tuple(oddString, oddString),
  fc.constant({ $binary: 'AAEC' }),
  fc.tuple(fc.record({ $binary: oddString })),
  fc.array(deepish, { maxLength: 2 }),
  wrongType,
);

const request = fc
  .record(
    {
      jsonrpc: fc.oneof({ weight: 8, arbitrary: fc.constant('2.0') }, wrongType),
      method: fc.oneof({ weight: 8, arbitrary: method }, wrongType),
      params,
      id: requestId,
    },
    { requiredKeys: ['jsonrpc', 'method'] },
  )
  .map((r) => ({ ...r }));

/** Answers to broker requests that were never sent, or malformed ones. */
const response = fc.record(
  {
    jsonrpc: fc.constant('2.0'),
    id: requestId,
    result: anyValue(3),
    error: fc.oneof(
      fc.record({ code: fc.oneof(fc.integer(), hugeNumber), message: oddString, data: anyValue(2) }),
      wrongType,
    ),
  },
  { requiredKeys: ['jsonrpc'] },
);

const element: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: request },
  { weight: 2, arbitrary: response },
  wrongType,
);

/** One JSON-RPC value: a single request (or response, or garbage). */
export const singleValue: fc.Arbitrary<unknown> = element;

/** A batch: empty, a few elements, nested batches, or just over the limit of 100. */
export const batchValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.array(element, { maxLength: 8 }) },
  fc.constant([]),
  fc.array(fc.array(element, { maxLength: 2 }), { maxLength: 3 }),
  fc.array(request, { minLength: 101, maxLength: 102 }),
);

const asBytes = (value: unknown) => encoder.encode(JSON.stringify(value) ?? 'undefined');

/** One WebSocket message: valid JSON, mutated JSON, or random bytes; binary frames at times. */
export function jsonrpcInput(values: fc.Arbitrary<unknown>): fc.Arbitrary<{ bytes: Uint8Array; binary: boolean }> {
  const json = values.map(asBytes);
  const bytes = fc.oneof(
    { weight: 6, arbitrary: json },
    { weight: 3, arbitrary: mutated(json) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
    fc
      .constantFrom('', '{', '[', '[[]]', '{"jsonrpc":"2.0","method":"x","id":1e999}', '\ufeff{}')
      .map((s) => encoder.encode(s)),
  );
  return fc.record({ bytes, binary: fc.nat(4).map((n) => n === 0) });
}
