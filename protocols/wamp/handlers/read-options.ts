/** Typed reads of Options dicts; a wrongly typed value is an error, never coerced (ints are not bools, WAMP MS). */
import type { MatchPolicy } from '../../../src/plugin/index.js';
import type { Dict } from '../messages.js';

/** Thrown by the readers; handlers answer it with ERROR `wamp.error.invalid_argument`. */
export class InvalidOption extends Error {
  override name = 'InvalidOption';
}

export function readFlag(options: Dict, key: string, fallback: boolean): boolean {
  const value = options[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new InvalidOption(`option ${key} must be a boolean`);
  return value;
}

export function readMatch(options: Dict): MatchPolicy {
  const value = options.match ?? 'exact';
  if (value !== 'exact' && value !== 'prefix' && value !== 'wildcard') {
    throw new InvalidOption(`option match must be exact, prefix or wildcard`);
  }
  return value;
}

export function readEnum<T extends string>(options: Dict, key: string, allowed: readonly T[], fallback: T): T {
  const value = options[key] ?? fallback;
  if (!allowed.includes(value as T)) throw new InvalidOption(`option ${key} must be one of ${allowed.join(', ')}`);
  return value as T;
}

/** A non-negative integer, at most `max`. */
export function readCount(options: Dict, key: string, max = Number.MAX_SAFE_INTEGER): number {
  const value = options[key] ?? 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new InvalidOption(`option ${key} must be a non-negative integer`);
  }
  if (value > max) throw new InvalidOption(`option ${key} must be at most ${max}`);
  return value;
}

export function readList<T extends 'number' | 'string'>(
  options: Dict,
  key: string,
  type: T,
): (T extends 'number' ? number : string)[] | undefined {
  const value = options[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === type)) {
    throw new InvalidOption(`option ${key} must be a list of ${type}s`);
  }
  return value as (T extends 'number' ? number : string)[];
}

/** A string option (Junction's `_content_type`). */
export function readString(options: Dict, key: string): string | undefined {
  const value = options[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new InvalidOption(`option ${key} must be a string`);
  return value;
}

/** A dict of string values (Junction's `_headers`, the STOMP user headers of a message). */
export function readStringDict(options: Dict, key: string): Record<string, string> | undefined {
  const value = options[key];
  if (value === undefined) return undefined;
  const valid =
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Uint8Array) &&
    Object.values(value).every((item) => typeof item === 'string');
  if (!valid) throw new InvalidOption(`option ${key} must be a dict of strings`);
  return { ...(value as Record<string, string>) };
}
