/**
 * Where a plugin module is, resolved from the broker's working directory as `node` would from
 * there: a path relative to it, or a package in a node_modules folder at or above it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The module's file URL, or a reason it cannot be found. */
export type Resolution = { readonly url: string } | { readonly problem: string };

/** Conditions an ESM `import()` on Node matches, in the order this resolver prefers them. */
const CONDITIONS = ['node', 'import', 'default'] as const;

/** The target of an `exports` value under the import conditions, when it is a plain file. */
function importTarget(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const map = value as Record<string, unknown>;
  if ('.' in map) return importTarget(map['.']);
  for (const condition of CONDITIONS) {
    const target = condition in map ? importTarget(map[condition]) : undefined;
    if (target !== undefined) return target;
  }
  return undefined;
}

/**
 * A package whose `exports` match only under `import` (require.resolve refuses it): found in the
 * nearest node_modules that has it, entry chosen as `import()` would. Bare names only, no subpaths.
 */
function resolveImportOnly(name: string, cwd: string): string | undefined {
  for (let dir = cwd; ; dir = dirname(dir)) {
    const manifest = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(manifest)) {
      const target = importTarget((JSON.parse(readFileSync(manifest, 'utf8')) as { exports?: unknown }).exports);
      return target === undefined ? undefined : pathToFileURL(join(dirname(manifest), target)).href;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** A path (`./x.js`, `../x.js`, `/abs/x.js`) relative to `cwd`, or a package installed where `cwd` is. */
export function resolvePluginModule(module: string, cwd: string): Resolution {
  if (module.startsWith('.') || isAbsolute(module)) {
    const path = resolve(cwd, module);
    return existsSync(path) ? { url: pathToFileURL(path).href } : { problem: `cannot find ${path}` };
  }
  try {
    // Node 20's import.meta.resolve takes no parent without a flag; require.resolve from cwd does.
    return { url: pathToFileURL(createRequire(join(cwd, 'noop.js')).resolve(module)).href };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') {
      const url = resolveImportOnly(module, cwd);
      if (url !== undefined) return { url };
      return { problem: 'its package.json "exports" has no entry for import (docs/plugins.md)' };
    }
    return { problem: `cannot find the package from ${cwd} (install it there, or give a path such as ./plugin.js)` };
  }
}
