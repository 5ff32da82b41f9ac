/**
 * docs/plugins.md describes exactly the plugin API: every name `junction/plugin` exports appears
 * in it, and it points authors at no core file but the plugin entry (the rest is not a contract).
 * The example plugin keeps the same rule in code.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const read = (file: string): string => readFileSync(join(root, file), 'utf8');
const guide = read('docs/plugins.md');

/** Names in the `export { … } from` and `export type { … } from` lists of a module. */
function exportedNames(file: string): string[] {
  const lists = [...read(file).matchAll(/export\s+(?:type\s+)?\{([^}]*)\}\s*from/g)];
  return lists.flatMap((list) =>
    (list[1] ?? '')
      .split(',')
      .map((entry) => entry.trim().replace(/^type\s+/, ''))
      .map((entry) => entry.split(/\s+as\s+/).pop() ?? '')
      .filter((name) => name !== ''),
  );
}

describe('docs/plugins.md', () => {
  it('names every export of the plugin entry (src/plugin/index.ts)', () => {
    const names = exportedNames('src/plugin/index.ts');
    expect(names.length).toBeGreaterThan(40);
    expect(names.filter((name) => !new RegExp(`\\b${name}\\b`).test(guide))).toEqual([]);
  });

  it('names no src/ path other than the plugin entry', () => {
    const paths = [...guide.matchAll(/\bsrc\/[\w./-]*/g)].map((match) => match[0]);
    expect(paths.filter((path) => path !== 'src/plugin/index.ts')).toEqual([]);
  });

  it('documents the test kit entry and the ways to load a plugin', () => {
    for (const name of [...exportedNames('src/testing/index.ts'), 'junction/testing', '--plugin', 'JUNCTION_PLUGINS']) {
      expect(guide).toContain(name);
    }
  });
});

describe('examples/custom-protocol.ts', () => {
  it('imports the core only through the plugin entry, as a published plugin must', () => {
    const imports = [...read('examples/custom-protocol.ts').matchAll(/from\s+'([^']+)'/g)].map((match) => match[1]);
    expect(imports).toEqual(['../src/plugin/index.js']);
  });
});
