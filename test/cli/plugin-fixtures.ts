/**
 * A working directory as a user's project would have it: an echo protocol plugin installed as
 * the package `junction-echo` (node_modules), another one as a plain file, and a module that
 * exports no plugin. The plugins are plain JavaScript, so they need no junction import.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** An echo plugin factory: answers every message with `prefix` + the message, after joining. */
function echoSource(token: string): string {
  return `
const optionsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { prefix: { type: 'string' } },
};

export default function echo(options = {}) {
  return {
    name: 'echo',
    tokens: ['${token}'],
    optionsSchema,
    options,
    createSession(connection, context) {
      const joined = context
        .authenticate({ protocol: 'echo', realm: context.defaultRealm, method: 'anonymous', handshake: context.handshake })
        .then((identity) => context.join(context.defaultRealm, identity));
      return {
        async onMessage(data) {
          await joined;
          connection.send((options.prefix ?? 'echo:') + String(data));
        },
      };
    },
  };
}
`;
}

/** Creates the directory and returns its path. */
export function pluginProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'junction-plugins-'));
  const pkg = join(dir, 'node_modules', 'junction-echo');
  mkdirSync(pkg, { recursive: true });
  // An ESM package whose entry sits under the "default" condition, as docs/plugins.md advises.
  writeFileSync(
    join(pkg, 'package.json'),
    JSON.stringify({
      name: 'junction-echo',
      version: '1.0.0',
      type: 'module',
      exports: { '.': { default: './index.js' } },
    }),
  );
  writeFileSync(join(pkg, 'index.js'), echoSource('echo.v1'));
  mkdirSync(join(dir, 'plugins'));
  writeFileSync(join(dir, 'plugins', 'echo.mjs'), echoSource('echo-file.v1'));
  writeFileSync(join(dir, 'plugins', 'nothing.mjs'), 'export const answer = 42;\n');
  return dir;
}

/** Writes a config file into `dir` and returns its path. */
export function writeConfig(dir: string, config: unknown): string {
  const path = join(dir, `junction-${Date.now()}.json`);
  writeFileSync(path, JSON.stringify(config));
  return path;
}
