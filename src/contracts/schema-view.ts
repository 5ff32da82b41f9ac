/**
 * What a contract's JSON Schema sees of a payload (docs/contracts.md "What a schema sees"): a
 * published message or a result as one JSON value, the way a one-value protocol (a STOMP body, a
 * JSON-RPC result) carries it; a call's arguments as `{args, kwargs}`.
 */
import type { CallPayload } from '../router/types.js';

/**
 * The value a `publish` or `result` schema validates:
 * - exactly one argument and no kwargs: that argument;
 * - no arguments and no kwargs: `null`;
 * - otherwise `{ args, kwargs }`, both always present (`[]` and `{}` when absent).
 *
 * Binary values (Uint8Array), at any depth, appear as their base64 string: JSON Schema has no
 * binary type (`{ "type": "string", "contentEncoding": "base64" }` describes them).
 */
export function schemaValue(payload: CallPayload): unknown {
  const args = payload.args ?? [];
  const kwargs = payload.kwargs;
  const hasKwargs = kwargs !== undefined && Object.keys(kwargs).length > 0;
  if (!hasKwargs) {
    if (args.length === 0) return null;
    if (args.length === 1) return jsonView(args[0]);
  }
  return { args: jsonView(args), kwargs: jsonView(kwargs ?? {}) };
}

/**
 * What a `params` schema validates: always `{ args, kwargs }` (`[]` and `{}` when absent), so
 * the shape does not change with the number of arguments. Binary values as in `schemaValue`.
 */
export function argumentsValue(payload: CallPayload): { args: unknown; kwargs: unknown } {
  return { args: jsonView(payload.args ?? []), kwargs: jsonView(payload.kwargs ?? {}) };
}

/**
 * The value with every Uint8Array replaced by its base64 string. Values without binary are
 * returned as they are (no copy): most payloads are plain JSON.
 */
export function jsonView(value: unknown): unknown {
  if (value instanceof Uint8Array)
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = jsonView(value[i]);
      if (item === value[i]) continue;
      copy ??= value.slice();
      copy[i] = item;
    }
    return copy ?? value;
  }
  let copy: Record<string, unknown> | undefined;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const item = jsonView(record[key]);
    if (item === record[key]) continue;
    copy ??= { ...record };
    copy[key] = item;
  }
  return copy ?? value;
}
