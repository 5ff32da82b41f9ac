/**
 * The layering rules of DESIGN.md, enforced by scanning imports: src/ never imports protocols/
 * (or the CLI), and a protocol module imports nothing from another protocol module.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

/** Repository-relative targets of every relative import or export-from in a file. */
function relativeImports(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const specifiers = [
    ...text.matchAll(/(?:import|export)[^'"]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]/g),
  ];
  return specifiers.map((match) => relative(root, resolve(root, dirname(file), match[1] ?? match[2] ?? '')));
}

function topFolder(path: string, depth: number): string {
  return path.split(sep).slice(0, depth).join('/');
}

describe('layering', () => {
  it('keeps src/ free of imports from protocols/ and cli/', () => {
    const violations = sourceFiles('src').flatMap((file) =>
      relativeImports(file)
        .filter((target) => !target.startsWith(`src${sep}`))
        .map((target) => `${file} -> ${target}`),
    );
    expect(violations).toEqual([]);
  });

  it('lets a protocol module import only src/ and itself', () => {
    const violations = sourceFiles('protocols').flatMap((file) => {
      const own = topFolder(file, 2);
      return relativeImports(file)
        .filter((target) => !target.startsWith(`src${sep}`) && topFolder(target, 2) !== own)
        .map((target) => `${file} -> ${target}`);
    });
    expect(violations).toEqual([]);
  });

  it('finds the source files it checks', () => {
    expect(sourceFiles('src').length).toBeGreaterThan(10);
    expect(relativeImports('src/server.ts')).toContain(`src${sep}negotiation.js`);
  });
});
