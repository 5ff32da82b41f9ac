/**
 * The one-value rule, in both directions: protocols that carry one value where WAMP carries
 * `args` and `kwargs` (a STOMP body, a JSON-RPC result, a chat.v1 line, what a contract's schema
 * sees) map nothing to `null`, one argument and no kwargs to that value, anything else to
 * `{"args": [...], "kwargs": {...}}`; and one value back to one argument.
 */
import { hasKeys, isRecord } from './records.js';
import type { Payload } from './types.js';

/** What a payload amounts to for the one-value rule. */
export type PayloadShape =
  | { readonly kind: 'empty' }
  | { readonly kind: 'single'; readonly value: unknown }
  | {
      readonly kind: 'several';
      readonly args: readonly unknown[];
      /** Present only when there is at least one key. */
      readonly kwargs: Readonly<Record<string, unknown>> | undefined;
    };

/** Sorts a payload: no args and no kwargs, exactly one arg and no kwargs, or anything else. */
export function payloadShape(payload: Payload): PayloadShape {
  const args = payload.args ?? [];
  const kwargs = hasKeys(payload.kwargs) ? payload.kwargs : undefined;
  if (kwargs === undefined && args.length === 0) return { kind: 'empty' };
  if (kwargs === undefined && args.length === 1) return { kind: 'single', value: args[0] };
  return { kind: 'several', args, kwargs };
}

/**
 * How `toOneValue` writes a payload that is not one value. Each protocol's variant is named
 * here, so its wire form stays as it is:
 * - STOMP bodies and `/rpc/` replies, chat.v1 lines: the defaults (`{args}` or `{args, kwargs}`);
 * - contract schemas: `alwaysKwargs`, so the shape never depends on whether kwargs were sent;
 * - JSON-RPC results and pushes: `kwargsAlone`, so a kwargs-only result is a plain object.
 */
export interface OneValueOptions {
  /** Write `kwargs: {}` when there are none. Default false: the key is left out. */
  readonly alwaysKwargs?: boolean;
  /** Kwargs without args are the value itself, not `{args: [], kwargs}`. Default false. */
  readonly kwargsAlone?: boolean;
  /** Applied to the single value, or to `args` and `kwargs` as wholes (a binary view). */
  readonly map?: (value: unknown) => unknown;
}

const same = (value: unknown): unknown => value;

/**
 * A payload as one JSON-able value: nothing → `null`; exactly one argument and no kwargs → that
 * argument; otherwise `{"args": [...], "kwargs": {...}}` as `options` say.
 */
export function toOneValue(payload: Payload, options: OneValueOptions = {}): unknown {
  const shape = payloadShape(payload);
  const map = options.map ?? same;
  if (shape.kind === 'empty') return null;
  if (shape.kind === 'single') return map(shape.value);
  const { args, kwargs } = shape;
  if (kwargs === undefined) return options.alwaysKwargs ? { args: map(args), kwargs: map({}) } : { args: map(args) };
  if (args.length === 0 && options.kwargsAlone) return map(kwargs);
  return { args: map(args), kwargs: map(kwargs) };
}

/** How `fromOneValue` reads a value. */
export interface FromOneValueOptions {
  /** `null` is an empty payload (a JSON-RPC result), not the one argument `null` (a publish). */
  readonly nullIsEmpty?: boolean;
}

/** One value as a payload: the value as its one argument; `undefined` is an empty payload. */
export function fromOneValue(value: unknown, options: FromOneValueOptions = {}): Payload {
  if (value === undefined || (value === null && options.nullIsEmpty)) return {};
  return { args: [value] };
}

/**
 * The envelope `{"args": [...], "kwargs": {...}}` (both optional, no other key) as a payload:
 * the form `toOneValue` gives several values. Undefined when the value is not such an envelope.
 */
export function fromEnvelope(value: unknown): Payload | undefined {
  if (!isRecord(value) || !Object.keys(value).every((key) => key === 'args' || key === 'kwargs')) return undefined;
  const { args, kwargs } = value;
  if ((args !== undefined && !Array.isArray(args)) || (kwargs !== undefined && !isRecord(kwargs))) return undefined;
  return {
    ...(args !== undefined && { args: args as unknown[] }),
    ...(kwargs !== undefined && { kwargs }),
  };
}
