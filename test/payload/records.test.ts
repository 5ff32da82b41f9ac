import { describe, expect, it } from 'vitest';
import { hasKeys, isRecord } from '../../src/payload/index.js';

describe('records', () => {
  it('#isRecord takes objects, not null, arrays or bytes', () => {
    expect(isRecord({})).toBe(true);
    expect(isRecord(Object.create(null))).toBe(true);
    expect(isRecord(null)).toBe(false);
    expect(isRecord([])).toBe(false);
    expect(isRecord(new Uint8Array(2))).toBe(false);
    expect(isRecord('x')).toBe(false);
  });

  it('#hasKeys takes records with at least one key', () => {
    expect(hasKeys({ a: 1 })).toBe(true);
    expect(hasKeys({})).toBe(false);
    expect(hasKeys(undefined)).toBe(false);
    expect(hasKeys(new Uint8Array(2))).toBe(false);
  });
});
