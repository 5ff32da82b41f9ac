/** cli/plugins.ts: which export is the plugin, how options reach it, and what each refusal says. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlugin, loadPlugins, type PluginRequest, pluginRequests } from '../../cli/plugins.js';

const dir = mkdtempSync(join(tmpdir(), 'junction-loader-'));
const plugin = (token: string) => `{ name: 'p', tokens: ['${token}'], createSession: () => ({ onMessage() {} }) }`;
const modules: Record<string, string> = {
  'named.mjs': `export const plugin = ${plugin('named.v1')};`,
  'object.mjs': `export default ${plugin('object.v1')};`,
  'factory.mjs': `export default (options) => ({ ...${plugin('factory.v1')}, options });`,
  'throws.mjs': `export default () => { throw new Error('no way\\nsecond line'); };`,
  'returns-nothing.mjs': 'export default () => 42;',
  'bad-token.mjs': `export default ${plugin('bad token')};`,
  'bad-import.mjs': `import 'junction-not-installed';\nexport default ${plugin('bad-import.v1')};`,
};
for (const [name, source] of Object.entries(modules)) writeFileSync(join(dir, name), source);

/** An installed package whose `exports` has the given value; its entry is a default-exported plugin. */
function installPackage(name: string, exports: unknown): void {
  const pkg = join(dir, 'node_modules', name);
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name, type: 'module', exports }));
  writeFileSync(join(pkg, 'index.js'), `export default ${plugin(`${name}.v1`)};`);
}
installPackage('import-only', { '.': { types: './index.d.ts', import: './index.js' } });
installPackage('browser-only', { '.': { browser: './index.js' } });

const request = (module: string, options?: Record<string, unknown>): PluginRequest => ({
  module: `./${module}`,
  options,
  source: '/plugins/0',
  optionsPath: '/plugins/0/options',
});

describe('pluginRequests', () => {
  it('lists the config file, then JUNCTION_PLUGINS, then --plugin, in the order given', () => {
    const requests = pluginRequests([{ module: 'a', options: { x: 1 } }], { JUNCTION_PLUGINS: ' b, ,c' }, ['d']);
    expect(requests.map((r) => [r.module, r.source, r.optionsPath])).toEqual([
      ['a', '/plugins/0', '/plugins/0/options'],
      ['b', 'JUNCTION_PLUGINS', 'options'],
      ['c', 'JUNCTION_PLUGINS', 'options'],
      ['d', '--plugin', 'options'],
    ]);
  });
});

describe('loadPlugin', () => {
  it('takes a named `plugin` export, a default object, or a factory given the options', async () => {
    expect((await loadPlugin(request('named.mjs'), dir)).tokens).toEqual(['named.v1']);
    expect((await loadPlugin(request('object.mjs'), dir)).tokens).toEqual(['object.v1']);
    expect((await loadPlugin(request('factory.mjs', { x: 1 }), dir)).options).toEqual({ x: 1 });
  });

  it('resolves an installed package whose exports only match under import, as import() would', async () => {
    const loaded = await loadPlugin({ ...request('x'), module: 'import-only' }, dir);
    expect(loaded.tokens).toEqual(['import-only.v1']);
  });

  it('says so when an installed package exports nothing import() can load', async () => {
    await expect(loadPlugin({ ...request('x'), module: 'browser-only' }, dir)).rejects.toThrow(
      'plugin browser-only (/plugins/0): its package.json "exports" has no entry for import',
    );
  });

  it.each([
    ['object.mjs', { x: 1 }, 'exports a plugin object, not a factory, so it takes no options'],
    ['throws.mjs', undefined, 'its factory threw: no way'],
    ['returns-nothing.mjs', undefined, 'its factory returned no protocol plugin (an object with createSession)'],
    ['bad-token.mjs', undefined, 'Invalid protocol plugin: p: tokens must be valid HTTP tokens'],
    ['missing.mjs', undefined, `cannot find ${join(dir, 'missing.mjs')}`],
  ])('refuses ./%s (options %o) in one line naming the module', async (module, options, problem) => {
    const error = await loadPlugin(request(module, options), dir).catch((err: Error) => err);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(`plugin ./${module} (/plugins/0): ${problem}`);
  });

  it('names what a found module could not import', async () => {
    await expect(loadPlugin(request('bad-import.mjs'), dir)).rejects.toThrow(
      /^plugin \.\/bad-import\.mjs \(\/plugins\/0\): cannot load: Cannot find package 'junction-not-installed'/,
    );
  });

  it('refuses a second plugin claiming a token, naming both modules', async () => {
    await expect(loadPlugins([request('object.mjs'), request('object.mjs')], dir)).rejects.toThrow(
      'plugin ./object.mjs (/plugins/0): token object.v1 is already claimed by plugin ./object.mjs (/plugins/0)',
    );
  });
});
