import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RepeatedLines } from '../../src/common/repeated-lines.js';
import { captureLogs } from '../helpers/log-capture.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('RepeatedLines', () => {
  it('writes the first line of a kind, then one summary with the count per second', () => {
    const { logger, lines } = captureLogs();
    const repeats = new RepeatedLines(1000);
    for (let i = 0; i < 1000; i++) repeats.write(logger, 'warn', { code: 'X', i }, 'render failed');
    expect(lines).toHaveLength(1);
    vi.advanceTimersByTime(1000);
    expect(lines.map((line) => [line.msg, line.repeated])).toEqual([
      ['render failed', undefined],
      ['render failed (repeated 999 times)', 999],
    ]);
    // The next line within the new window is counted as well; a quiet window forgets the kind.
    repeats.write(logger, 'warn', { code: 'X' }, 'render failed');
    vi.advanceTimersByTime(1000);
    expect(lines.at(-1)?.repeated).toBe(1);
    vi.advanceTimersByTime(2000);
    repeats.write(logger, 'warn', { code: 'X' }, 'render failed');
    expect(lines.at(-1)?.msg).toBe('render failed');
    expect(lines).toHaveLength(4);
  });

  it('keeps kinds apart by level, message and code', () => {
    const { logger, lines } = captureLogs();
    const repeats = new RepeatedLines(1000);
    for (const [level, code, msg] of [
      ['warn', 'A', 'm'],
      ['error', 'A', 'm'],
      ['warn', 'B', 'm'],
      ['warn', 'A', 'n'],
      ['warn', 'A', 'm'],
    ] as const) {
      repeats.write(logger, level, { code }, msg);
    }
    expect(lines).toHaveLength(4);
  });

  it('wraps a logger, child loggers sharing its windows', () => {
    const { logger, lines } = captureLogs();
    const wrapped = new RepeatedLines(1000).wrap(logger);
    for (let i = 0; i < 10; i++) wrapped.child({ sessionId: i }).error({ code: 'Y' }, 'handler failed');
    vi.advanceTimersByTime(1000);
    expect(lines.map((line) => [line.sessionId, line.repeated])).toEqual([
      [0, undefined],
      [9, 9],
    ]);
  });
});
