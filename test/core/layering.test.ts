/**
 * The layering rules of DESIGN.md and docs/architecture.md, enforced by scanning imports:
 * - src/ never imports protocols/ or cli/;
 * - a protocol imports core only through the plugin API entry (src/plugin/index.ts), and never
 *   another protocol;
 * - each room of src/ imports only the rooms it is allowed to (the router never the cluster);
 * - there are no import cycles among src/, protocols/ and cli/ files.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const PLUGIN_ENTRY = 'src/plugin/index.ts';

/**
 * The rooms of src/ and the rooms each may import (its own files always). The same table is in
 * docs/architecture.md; each room's index.ts says it in its header comment.
 */
const ROOMS: Readonly<Record<string, readonly string[]>> = {
  common: [],
  errors: [],
  payload: ['common', 'errors'],
  router: ['common', 'errors', 'payload'],
  cluster: ['router', 'common', 'errors', 'payload'],
  contracts: ['router', 'common', 'errors', 'payload'],
  auth: ['plugin', 'common', 'errors'],
  plugin: ['router', 'common', 'errors', 'payload'],
  server: ['plugin', 'router', 'contracts', 'auth', 'common', 'errors', 'payload'],
  testing: ['server', 'plugin', 'router', 'cluster', 'contracts', 'auth', 'common', 'errors', 'payload'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

/** Repository-relative `.ts` targets of every relative import, export-from or dynamic import. */
function relativeImports(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const specifiers = [
    ...text.matchAll(/(?:import|export)[^'"]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]/g),
  ];
  return specifiers.map((match) =>
    relative(root, resolve(root, dirname(file), match[1] ?? match[2] ?? ''))
      .split(sep)
      .join('/')
      .replace(/\.js$/, '.ts'),
  );
}

/** `router` for src/router/calls/dealer.ts; `index` for src/index.ts. */
function roomOf(file: string): string {
  const parts = file.split('/');
  return parts.length > 2 ? (parts[1] as string) : 'index';
}

const core = sourceFiles('src');
const protocols = sourceFiles('protocols');
const cli = sourceFiles('cli');

describe('layering', () => {
  it('keeps src/ free of imports from protocols/ and cli/', () => {
    const violations = core.flatMap((file) =>
      relativeImports(file)
        .filter((target) => !target.startsWith('src/'))
        .map((target) => `${file} -> ${target}`),
    );
    expect(violations).toEqual([]);
  });

  it('lets a protocol import core only through the plugin API entry, and no other protocol', () => {
    const violations = protocols.flatMap((file) => {
      const own = file.split('/').slice(0, 2).join('/');
      return relativeImports(file)
        .filter((target) => target !== PLUGIN_ENTRY && !target.startsWith(`${own}/`))
        .map((target) => `${file} -> ${target}`);
    });
    expect(violations).toEqual([]);
  });

  it('lets each room of src/ import only the rooms it may (the router never the cluster)', () => {
    const violations = core.flatMap((file) => {
      const room = roomOf(file);
      if (room === 'index') return [];
      const allowed = ROOMS[room];
      if (allowed === undefined) return [`${file}: room "${room}" is not in the table`];
      return relativeImports(file)
        .filter((target) => roomOf(target) !== room && !allowed.includes(roomOf(target)))
        .map((target) => `${file} -> ${target}`);
    });
    expect(violations).toEqual([]);
  });

  it('gives every room an index.ts whose header says what it owns and may import', () => {
    const rooms = [...new Set(core.map(roomOf))].filter((room) => room !== 'index');
    const missing = rooms.filter((room) => {
      const index = join(root, 'src', room, 'index.ts');
      return !existsSync(index) || !readFileSync(index, 'utf8').startsWith('/**');
    });
    expect(missing).toEqual([]);
  });

  it('has no import cycles', () => {
    const graph = new Map([...core, ...protocols, ...cli].map((file) => [file, relativeImports(file)]));
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].join(' -> '));
        return;
      }
      state.set(file, 'open');
      for (const target of graph.get(file) ?? []) if (graph.has(target)) visit(target, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it('matches the room table of docs/architecture.md', () => {
    const doc = readFileSync(join(root, 'docs/architecture.md'), 'utf8');
    const rows = [...doc.matchAll(/^\| `([a-z]+)` \| [^|]+ \| ([^|]+) \|$/gm)];
    const documented = Object.fromEntries(
      rows.map(([, room, imports]) => [room, imports?.trim() === 'nothing' ? [] : (imports?.split(', ') ?? [])]),
    );
    expect(documented).toEqual(ROOMS);
  });

  it('finds the source files it checks', () => {
    expect(core.length).toBeGreaterThan(40);
    expect(relativeImports('protocols/stomp/index.ts')).toContain(PLUGIN_ENTRY);
  });
});
