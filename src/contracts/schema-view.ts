/**
 * What a contract's JSON Schema sees of a payload (docs/contracts.md "What a schema sees"): a
 * published message or a result as one JSON value, the way a one-value protocol (a STOMP body, a
 * JSON-RPC result) carries it; a call's arguments as `{args, kwargs}`.
 */
import { binaryAsBase64, type OneValueOptions, type Payload, toOneValue } from '../payload/index.js';

/**
 * Binary values (Uint8Array), at any depth, appear as their base64 string: JSON Schema has no
 * binary type (`{ "type": "string", "contentEncoding": "base64" }` describes them).
 */
export { binaryAsBase64 as jsonView };

/** The schema variant of the one-value rule: `{args, kwargs}` always has both keys. */
const SCHEMA_VIEW: OneValueOptions = { alwaysKwargs: true, map: binaryAsBase64 };

/**
 * The value a `publish` or `result` schema validates:
 * - exactly one argument and no kwargs: that argument;
 * - no arguments and no kwargs: `null`;
 * - otherwise `{ args, kwargs }`, both always present (`[]` and `{}` when absent).
 *
 * Binary values appear as their base64 string, at any depth.
 */
export function schemaValue(payload: Payload): unknown {
  return toOneValue(payload, SCHEMA_VIEW);
}

/**
 * What a `params` schema validates: always `{ args, kwargs }` (`[]` and `{}` when absent), so
 * the shape does not change with the number of arguments. Binary values as in `schemaValue`.
 */
export function argumentsValue(payload: Payload): { args: unknown; kwargs: unknown } {
  return { args: binaryAsBase64(payload.args ?? []), kwargs: binaryAsBase64(payload.kwargs ?? {}) };
}
