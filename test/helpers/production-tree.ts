/**
 * A node_modules with only the package's production dependencies, linked from this checkout's:
 * what `npm install --omit=dev` gives a user or the Docker image (transitive dependencies resolve
 * through the links' real paths).
 */
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '../..');

/** Links each production dependency (and `extra` ones, like a consumer's @types/node) into `modules`. */
export function linkProductionDependencies(modules: string, extra: readonly string[] = []): void {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  for (const name of [...Object.keys(manifest.dependencies), ...extra]) {
    const target = join(modules, name);
    mkdirSync(resolve(target, '..'), { recursive: true });
    symlinkSync(join(root, 'node_modules', name), target, 'dir');
  }
}
