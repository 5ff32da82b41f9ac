/**
 * The one error table (src/errors/) against itself and against the docs that restate it: the
 * README's two error tables and docs/jsonrpc.md's, checked both ways (fastify
 * test/internals/errors.test.js).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  applicationError,
  type CoreErrorSpec,
  coreCodes,
  type ErrorCode,
  ErrorUri,
  errorCodes,
  routerErrors,
} from '../../src/errors/table.js';

const read = (file: string): string => readFileSync(resolve(import.meta.dirname, '../..', file), 'utf8');
const codes = Object.keys(errorCodes) as ErrorCode[];
const entries = Object.values(routerErrors);

/** The cells of every Markdown table row whose first cell matches `first`. */
function rows(markdown: string, first: RegExp): string[][] {
  return markdown
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) =>
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim()),
    )
    .filter((cells) => first.test(cells[0] ?? ''));
}

const unquote = (cell: string | undefined): string => (cell ?? '').replace(/^`|`$/g, '');

describe('error table', () => {
  it('names every code JNC_ERR_<AREA>_<WHAT>', () => {
    for (const code of codes) expect(code).toMatch(/^JNC_ERR_[A-Z]+_[A-Z_]+$/);
  });

  it('gives each router URI its own code, and ErrorUri names each URI', () => {
    const routerCodes = [...entries.map((entry) => entry.code), applicationError.code];
    expect(new Set(routerCodes).size).toBe(routerCodes.length);
    expect(new Set(entries.map((entry) => entry.uri)).size).toBe(entries.length);
    for (const code of routerCodes) expect(codes).toContain(code);
    for (const [key, entry] of Object.entries(routerErrors))
      expect(ErrorUri[key as keyof typeof ErrorUri]).toBe(entry.uri);
  });

  it('renders every router URI in WAMP as the URI itself (WAMP passes it through)', () => {
    for (const entry of entries) expect(entry.wamp, entry.uri).toBe(entry.uri);
  });

  it('gives every router URI a JSON-RPC code in the spec or the server range', () => {
    for (const entry of [...entries, applicationError]) {
      expect([-32601, -32602].includes(entry.jsonrpc) || (entry.jsonrpc <= -32000 && entry.jsonrpc >= -32099)).toBe(
        true,
      );
    }
  });
});

describe('README error tables', () => {
  const readme = read('README.md');

  it('lists every core code with its HTTP status or close code', () => {
    for (const [code, spec] of Object.entries(coreCodes) as [string, CoreErrorSpec][]) {
      const row = rows(readme, new RegExp(`^\`${code}\`$`))[0];
      expect(row, code).toBeDefined();
      expect(row?.[1], code).toBe(String(spec.httpStatus ?? spec.closeCode ?? '—'));
    }
  });

  it('states the renderings of the core codes that protocols render', () => {
    const spec = coreCodes.JNC_ERR_AUTH_FAILED;
    const row = rows(readme, /^`JNC_ERR_AUTH_FAILED`$/)[0]?.[2] ?? '';
    expect(row).toContain(`close ${spec.stomp.closeCode}`);
    expect(row).toContain(`\`${spec.wamp}\``);
    expect(row).toContain(`JSON-RPC ${spec.jsonrpc}`);
  });

  it('lists only core codes of the table', () => {
    const listed = rows(readme, /^`JNC_ERR_/).map((cells) => unquote(cells[0]));
    expect(listed.length).toBeGreaterThan(0);
    for (const code of listed) expect(Object.keys(coreCodes), code).toContain(code);
  });

  it('lists every router URI with its code, STOMP close code and JSON-RPC code', () => {
    for (const entry of entries) {
      const row = rows(readme, new RegExp(`^\`${entry.uri.replaceAll('.', '\\.')}\`$`))[0];
      expect(row?.slice(0, 4), entry.uri).toEqual([
        `\`${entry.uri}\``,
        `\`${entry.code}\``,
        String(entry.stomp.closeCode),
        String(entry.jsonrpc),
      ]);
      expect(row?.[4]?.startsWith(entry.summary), entry.uri).toBe(true);
    }
    const other = rows(readme, /^any other URI$/)[0];
    expect(other?.slice(1, 4)).toEqual([
      `\`${applicationError.code}\``,
      String(applicationError.stomp.closeCode),
      String(applicationError.jsonrpc),
    ]);
  });

  it('lists only router URIs of the table', () => {
    const listed = rows(readme, /^`(wamp|junction)\.error\./).map((cells) => unquote(cells[0]));
    expect(listed).toHaveLength(entries.length);
    for (const uri of listed) expect(entries.map((entry) => entry.uri)).toContain(uri);
  });
});

describe('docs/jsonrpc.md error table', () => {
  const table = rows(read('docs/jsonrpc.md'), /^-32\d{3}$/);
  const uris = (cells: string[]): string[] =>
    [...(cells[2] ?? '').matchAll(/`((?:wamp|junction)\.error\.[a-z_]+)`/g)].map((match) => match[1] as string);

  it('lists every router URI on the row of its JSON-RPC code', () => {
    for (const entry of entries) {
      const row = table.find((cells) => uris(cells).includes(entry.uri));
      expect(row?.[0], entry.uri).toBe(String(entry.jsonrpc));
    }
  });

  it('lists only router URIs of the table', () => {
    const listed = table.flatMap(uris);
    expect(listed).toHaveLength(entries.length);
    for (const uri of listed) expect(entries.map((entry) => entry.uri)).toContain(uri);
  });
});
