import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { staleSource } from '../../examples/build-if-stale.mjs';

describe('examples/build-if-stale.mjs (npm run demo rebuilds only when needed)', () => {
  let root: string;
  /** Writes `path` under the fake checkout with its mtime `age` seconds in the past. */
  const file = (path: string, age: number, text = ''): void => {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
    const time = Date.now() / 1000 - age;
    utimesSync(full, time, time);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'build-if-stale-'));
    const config = { extends: './tsconfig.json', include: ['src', 'examples'], exclude: ['examples/page/static'] };
    file('tsconfig.json', 100, '{}');
    file('tsconfig.build.json', 100, JSON.stringify(config));
    file('src/a.ts', 50);
    file('src/deep/b.ts', 50);
    file('src/types.d.ts', 1);
    file('src/a.test.ts', 1);
    file('examples/page/static/c.ts', 1);
    file('dist/src/a.js', 10);
    file('dist/src/deep/b.js', 10);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('says the build is current when every output is newer than its source', () => {
    expect(staleSource(root)).toBeUndefined();
  });

  it('names a source edited after its output was written', () => {
    file('src/deep/b.ts', 1);
    expect(staleSource(root)).toBe('src/deep/b.ts');
  });

  it('names a source that has no output yet', () => {
    file('examples/new.ts', 60);
    expect(staleSource(root)).toBe('examples/new.ts');
  });

  it('counts every output stale after a tsconfig change', () => {
    file('tsconfig.json', 1, '{}');
    expect(staleSource(root)).toBe('src/a.ts');
  });
});
