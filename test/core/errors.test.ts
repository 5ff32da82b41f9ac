import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ErrorCode, errorCodes, JunctionError } from '../../src/errors/table.js';

const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
const codes = Object.keys(errorCodes) as ErrorCode[];

describe('error table', () => {
  it('names every code JNC_ERR_<AREA>_<WHAT>', () => {
    for (const code of codes) expect(code).toMatch(/^JNC_ERR_[A-Z]+_[A-Z_]+$/);
  });

  it('lists every code in the README with its HTTP status or close code', () => {
    for (const code of codes) {
      const spec = errorCodes[code] as { httpStatus?: number; closeCode?: number };
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${code}\``));
      expect(row, code).toBeDefined();
      expect(row).toContain(`| ${spec.httpStatus ?? spec.closeCode ?? '—'} |`);
    }
  });

  it('formats the message arguments and carries the status', () => {
    const error = new JunctionError('JNC_ERR_NEGOTIATION_NO_MATCH', ['v12.stomp, wamp.2.json']);
    expect(error.message).toBe('No supported subprotocol offered; supported: v12.stomp, wamp.2.json');
    expect(error).toMatchObject({ code: 'JNC_ERR_NEGOTIATION_NO_MATCH', httpStatus: 400 });
  });
});
