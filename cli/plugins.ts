/**
 * Third-party protocol plugins named in the config file (`plugins`), in JUNCTION_PLUGINS or with
 * `--plugin`: resolved from the working directory as `node` would resolve them there, built, and
 * checked before the broker starts, so a bad plugin is a one-line startup error naming it.
 */
import { createAjv, formatSchemaErrors } from '../src/common/schema.js';
import { JunctionError } from '../src/errors/table.js';
import type { ProtocolPlugin } from '../src/plugin/types.js';
import { createRegistry } from '../src/server/plugin-registry.js';
import { type Config, ConfigError } from './config.js';
import { resolvePluginModule } from './plugin-resolve.js';

/** One plugin to load, and where it was named (for errors). */
export interface PluginRequest {
  readonly module: string;
  readonly options?: Record<string, unknown>;
  /** `/plugins/0` for the config file, `JUNCTION_PLUGINS` or `--plugin`. */
  readonly source: string;
  /** Where its options live, as error paths begin: `/plugins/0/options`, or `options`. */
  readonly optionsPath: string;
}

type ProblemFn = (problem: string) => ConfigError;

/** Config file plugins first, then JUNCTION_PLUGINS, then each `--plugin`, in the order given. */
export function pluginRequests(
  file: Config['plugins'],
  env: NodeJS.ProcessEnv,
  flags: readonly string[],
): PluginRequest[] {
  const fromEnv = (env.JUNCTION_PLUGINS ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  return [
    ...(file ?? []).map((spec, index) => ({
      ...spec,
      source: `/plugins/${index}`,
      optionsPath: `/plugins/${index}/options`,
    })),
    ...fromEnv.map((module) => ({ module, source: 'JUNCTION_PLUGINS', optionsPath: 'options' })),
    ...flags.map((module) => ({ module, source: '--plugin', optionsPath: 'options' })),
  ];
}

const isPlugin = (value: unknown): value is ProtocolPlugin =>
  typeof value === 'object' && value !== null && typeof (value as ProtocolPlugin).createSession === 'function';

/** The default export, else the named `plugin` export: a plugin object or a factory `(options) => plugin`. */
async function build(
  exports: Record<string, unknown>,
  request: PluginRequest,
  fail: ProblemFn,
): Promise<ProtocolPlugin> {
  const exported = [exports.default, exports.plugin].find((value) => typeof value === 'function' || isPlugin(value));
  if (exported === undefined)
    throw fail('exports no protocol plugin (a default or `plugin` export: a plugin object or a factory)');
  if (isPlugin(exported)) {
    if (request.options !== undefined) throw fail('exports a plugin object, not a factory, so it takes no options');
    return exported;
  }
  let built: unknown;
  try {
    built = await (exported as (options: unknown) => unknown)(request.options);
  } catch (err) {
    throw fail(`its factory threw: ${firstLine(err)}`);
  }
  if (!isPlugin(built)) throw fail('its factory returned no protocol plugin (an object with createSession)');
  return built;
}

/** The plugin's own optionsSchema decides; errors name the config path of the bad option. */
function checkOptions(plugin: ProtocolPlugin, request: PluginRequest, fail: ProblemFn): void {
  if (!plugin.optionsSchema) return;
  const ajv = createAjv();
  let validate: ReturnType<typeof ajv.compile>;
  try {
    validate = ajv.compile(plugin.optionsSchema);
  } catch (err) {
    throw fail(`its optionsSchema is not a valid JSON Schema: ${firstLine(err)}`);
  }
  if (validate(request.options ?? {})) return;
  // Rooted at the options' own path, so the options object itself reads `/plugins/0/options must ...`.
  const errors = (validate.errors ?? []).map((error) => ({
    ...error,
    instancePath: `${request.optionsPath}${error.instancePath}`,
  }));
  throw fail(formatSchemaErrors(errors));
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
}

/** Loads one plugin; every failure is a ConfigError naming the module and where it was named. */
export async function loadPlugin(request: PluginRequest, cwd: string): Promise<ProtocolPlugin> {
  const fail: ProblemFn = (problem) => new ConfigError(`plugin ${request.module} (${request.source}): ${problem}`);
  const resolution = resolvePluginModule(request.module, cwd);
  if ('problem' in resolution) throw fail(resolution.problem);
  const { url } = resolution;
  let exports: Record<string, unknown>;
  try {
    exports = (await import(url)) as Record<string, unknown>;
  } catch (err) {
    // The module was found: this is its own failure (a syntax error, an import it cannot resolve).
    throw fail(`cannot load: ${firstLine(err)}`);
  }
  const plugin = await build(exports, request, fail);
  checkOptions(plugin, request, fail);
  try {
    createRegistry([plugin], createAjv());
  } catch (err) {
    if (err instanceof JunctionError) throw fail(err.message);
    throw err;
  }
  return plugin;
}

/** Loads every requested plugin, in order. */
export async function loadPlugins(requests: readonly PluginRequest[], cwd: string): Promise<ProtocolPlugin[]> {
  const plugins: ProtocolPlugin[] = [];
  // The broker would refuse a token claimed twice too, but only by plugin name; this names modules.
  const owners = new Map<string, string>();
  for (const request of requests) {
    const plugin = await loadPlugin(request, cwd);
    for (const token of plugin.tokens) {
      const owner = owners.get(token);
      if (owner !== undefined)
        throw new ConfigError(
          `plugin ${request.module} (${request.source}): token ${token} is already claimed by ${owner}`,
        );
      owners.set(token, `plugin ${request.module} (${request.source})`);
    }
    plugins.push(plugin);
  }
  return plugins;
}
