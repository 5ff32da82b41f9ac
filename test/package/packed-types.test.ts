/**
 * What `npm pack` ships: the files a user gets, and types that compile in a strict consumer
 * (skipLibCheck false, NodeNext) with only the package's production dependencies installed.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkProductionDependencies, root } from '../helpers/production-tree.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let work: string;
let files: string[];

interface PackResult {
  filename: string;
  files: { path: string }[];
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'junction-pack-'));
  // `npm test` built dist already ("pretest"); --ignore-scripts keeps the test from rebuilding it.
  const output = execFileSync(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', work], {
    cwd: root,
    encoding: 'utf8',
  });
  const [packed] = JSON.parse(output) as PackResult[];
  if (!packed) throw new Error(`npm pack printed no result: ${output}`);
  files = packed.files.map((file) => file.path);
  const installed = join(work, 'node_modules', 'junction');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', join(work, packed.filename), '-C', installed, '--strip-components=1']);
  linkProductionDependencies(join(work, 'node_modules'), ['@types/node']);
}, 60_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const consumer = `
import { createJunction, CallResult, hashSecret } from 'junction';
import { stomp } from 'junction/protocols/stomp';
import { wamp } from 'junction/protocols/wamp';
import { jsonrpc } from 'junction/protocols/jsonrpc';
import { createRedisEngine } from 'junction/cluster/redis';

const junction = createJunction({ protocols: [stomp(), wamp(), jsonrpc()], port: 0 });
junction.register('com.example.add', (args) => new CallResult([Number(args[0]) + 1]));
export const parts = [junction, hashSecret('x'), createRedisEngine];
`;

describe('the npm package', () => {
  it('ships the built library, CLI, types, README, LICENSE and docs', () => {
    for (const path of ['package.json', 'README.md', 'LICENSE', 'dist/src/index.js', 'dist/src/index.d.ts']) {
      expect(files).toContain(path);
    }
    expect(files).toContain('dist/cli/main.js');
    expect(files).toContain('dist/protocols/stomp/index.d.ts');
    expect(files.some((path) => path.startsWith('docs/'))).toBe(true);
  });

  it('ships no bench, fuzz, soak or examples, and no source map without its source', () => {
    expect(files.filter((path) => /^dist\/(bench|fuzz|soak|examples)\//.test(path))).toEqual([]);
    const missing = files
      .filter((path) => path.endsWith('.map'))
      .flatMap((path) => {
        const map = JSON.parse(readFileSync(join(work, 'node_modules/junction', path), 'utf8')) as {
          sources: string[];
        };
        return map.sources.map((source) => join(path, '..', source)).filter((source) => !files.includes(source));
      });
    expect(missing).toEqual([]);
  });

  it('runs its CLI from the installed tree with production dependencies only', () => {
    const bin = join(work, 'node_modules/junction/dist/cli/main.js');
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' }).trim()).toBe(version);
  });

  it('has types that compile with skipLibCheck false under NodeNext', () => {
    writeFileSync(join(work, 'consumer.ts'), consumer);
    const compilerOptions = {
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      target: 'ES2022',
      strict: true,
      exactOptionalPropertyTypes: true,
      skipLibCheck: false,
      noEmit: true,
      types: ['node'],
    };
    writeFileSync(join(work, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['consumer.ts'] }));
    writeFileSync(join(work, 'package.json'), JSON.stringify({ type: 'module', private: true }));
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    const result = (() => {
      try {
        return execFileSync(process.execPath, [tsc, '-p', work], { encoding: 'utf8' });
      } catch (err) {
        return (err as { stdout: string }).stdout;
      }
    })();
    expect(result).toBe('');
    expect(readdirSync(work)).toContain('consumer.ts');
  }, 60_000);
});
