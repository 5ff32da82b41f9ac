import { describe, expect, it } from 'vitest';
import { charsetOf, essenceOf, isJsonType, isTextType, tellsMore, withCharset } from '../../src/payload/index.js';

describe('content-type', () => {
  it('#essenceOf drops parameters and case', () => {
    expect(essenceOf('Text/Plain; charset=UTF-8')).toBe('text/plain');
  });

  it('#tellsMore is false for types a value implies, true for the others', () => {
    expect(tellsMore(undefined)).toBe(false);
    expect(tellsMore('text/plain;charset=utf-8')).toBe(false);
    expect(tellsMore('application/json')).toBe(false);
    expect(tellsMore('application/octet-stream')).toBe(false);
    expect(tellsMore('text/csv')).toBe(true);
    expect(tellsMore('image/png')).toBe(true);
  });

  it('#isJsonType takes application/json and +json types, with parameters', () => {
    expect(isJsonType('application/json')).toBe(true);
    expect(isJsonType('application/vnd.x+json; charset=utf-8')).toBe(true);
    expect(isJsonType('application/jsonl')).toBe(false);
    expect(isJsonType('text/json')).toBe(false);
    expect(isJsonType(undefined)).toBe(false);
  });

  it('#isTextType takes text/*', () => {
    expect(isTextType('TEXT/csv')).toBe(true);
    expect(isTextType('application/json')).toBe(false);
    expect(isTextType(undefined)).toBe(false);
  });

  it('#charsetOf and #withCharset read and replace the charset parameter', () => {
    expect(charsetOf('text/plain; charset="latin1"')).toBe('latin1');
    expect(charsetOf('text/plain')).toBeUndefined();
    expect(withCharset('text/csv; charset=latin1', 'utf-8')).toBe('text/csv;charset=utf-8');
    expect(withCharset('text/csv', 'utf-8')).toBe('text/csv');
  });
});
