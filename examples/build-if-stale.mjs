#!/usr/bin/env node
/**
 * Runs `npm run build` only when dist/ is behind the sources, so `npm run demo` starts at once when
 * nothing changed. tsc emits one .js per .ts and rewrites every output on each build, so the build
 * is current exactly when every source's output exists and is no older than the source and the
 * tsconfig files. (Type errors are not checked here: `npm run build` and `npm run lint` do that.)
 * Plain JavaScript on purpose: it has to run before anything is compiled.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Every .ts file tsc emits for under `dir`: not declarations, not tests, not in `excluded`. */
function* sources(dir, excluded) {
  if (excluded.includes(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path, excluded);
    else if (/\.ts$/.test(entry.name) && !/\.(d|test)\.ts$/.test(entry.name)) yield path;
  }
}

const mtime = (path) => statSync(path, { throwIfNoEntry: false })?.mtimeMs;

/**
 * The first source (relative to `root`, with /) whose dist/ output is missing or older than it or
 * than the tsconfig files; undefined when the build is current.
 */
export function staleSource(root) {
  const config = JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8'));
  // Plain-folder excludes; the glob ones (**/*.test.ts) are handled by the file name test above.
  const excluded = (config.exclude ?? []).filter((entry) => !entry.includes('*')).map((entry) => join(root, entry));
  const configTime = Math.max(mtime(join(root, 'tsconfig.json')) ?? 0, mtime(join(root, 'tsconfig.build.json')));
  for (const folder of config.include) {
    for (const source of sources(join(root, folder), excluded)) {
      const built = mtime(join(root, 'dist', relative(root, source)).replace(/\.ts$/, '.js'));
      if (built === undefined || built < mtime(source) || built < configTime) {
        return relative(root, source).split(sep).join('/');
      }
    }
  }
  return undefined;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const stale = staleSource(root);
  if (stale === undefined) console.log('build is current: not rebuilding');
  else {
    console.log(`${stale} changed since the last build: npm run build`);
    const { status } = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
    if (status !== 0) process.exit(status ?? 1);
  }
}
