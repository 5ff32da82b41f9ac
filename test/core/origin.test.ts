import { describe, expect, it } from 'vitest';
import { isSameOrigin, originAllowed } from '../../src/server/origin.js';

describe('isSameOrigin', () => {
  it.each([
    ['http://127.0.0.1:8080', '127.0.0.1:8080', true],
    ['http://LOCALHOST:8080', 'localhost:8080', true],
    ['http://example.com', 'example.com', true],
    ['http://example.com', 'example.com:80', true],
    ['https://example.com', 'example.com:443', true],
    ['https://example.com:443', 'example.com', true],
    ['http://[::1]:9000', '[::1]:9000', true],
    ['http://127.0.0.1:8081', '127.0.0.1:8080', false],
    ['https://example.com', 'example.com:80', false],
    ['https://evil.example', '127.0.0.1:8080', false],
    ['http://example.com.evil.example', 'example.com', false],
    ['null', '127.0.0.1:8080', false],
    ['file://', 'localhost', false],
    ['chrome-extension://abc', 'abc', false],
    ['http://example.com', 'example.com:', false],
  ] as const)('%s against Host %s → %s', (origin, host, expected) => {
    expect(isSameOrigin(origin, host)).toBe(expected);
  });

  it('refuses when the request has no Host header', () => {
    expect(isSameOrigin('http://example.com', undefined)).toBe(false);
  });
});

describe('originAllowed', () => {
  it('lets a request without Origin through whatever the list says', () => {
    expect(originAllowed(undefined, 'example.com', undefined)).toBe(true);
    expect(originAllowed(undefined, 'example.com', ['https://app.example'])).toBe(true);
  });

  it('admits only the listed origins when a list is given, and every origin for "*"', () => {
    expect(originAllowed('https://app.example', 'broker:8080', ['https://app.example'])).toBe(true);
    expect(originAllowed('http://broker:8080', 'broker:8080', ['https://app.example'])).toBe(false);
    expect(originAllowed('https://evil.example', 'broker:8080', ['*'])).toBe(true);
    expect(originAllowed('null', 'broker:8080', ['*'])).toBe(true);
  });
});
