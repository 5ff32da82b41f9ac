/**
 * The plugin registry: validates plugins and their options once, at broker creation, and
 * rejects two plugins claiming the same token or two fallbacks (fail fast, like fastify hooks).
 */
import type { Ajv } from 'ajv';
import { formatSchemaErrors } from '../common/schema.js';
import { JunctionError } from '../errors/table.js';
import type { ProtocolPlugin } from '../plugin/types.js';

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function validateShape(plugin: ProtocolPlugin): void {
  if (typeof plugin !== 'object' || plugin === null)
    throw new JunctionError('JNC_ERR_PLUGIN_INVALID', ['not an object']);
  if (typeof plugin.name !== 'string' || plugin.name === '') {
    throw new JunctionError('JNC_ERR_PLUGIN_INVALID', ['name must be a non-empty string']);
  }
  if (typeof plugin.createSession !== 'function') {
    throw new JunctionError('JNC_ERR_PLUGIN_INVALID', [`${plugin.name}: createSession must be a function`]);
  }
  if (plugin.detect !== undefined && typeof plugin.detect !== 'function') {
    throw new JunctionError('JNC_ERR_PLUGIN_INVALID', [`${plugin.name}: detect must be a function`]);
  }
  if (!Array.isArray(plugin.tokens) || plugin.tokens.some((token) => !TOKEN.test(token))) {
    throw new JunctionError('JNC_ERR_PLUGIN_INVALID', [`${plugin.name}: tokens must be valid HTTP tokens`]);
  }
  if (plugin.tokens.length === 0 && !plugin.fallback) {
    throw new JunctionError('JNC_ERR_PLUGIN_INVALID', [`${plugin.name}: claims no token and is not the fallback`]);
  }
}

function validateOptions(plugin: ProtocolPlugin, ajv: Ajv): void {
  if (!plugin.optionsSchema) return;
  const validate = ajv.compile(plugin.optionsSchema);
  if (!validate(plugin.options ?? {})) {
    throw new JunctionError('JNC_ERR_PLUGIN_OPTIONS', [plugin.name, formatSchemaErrors(validate.errors)]);
  }
}

/** Checks every plugin and returns them in registration (server preference) order. */
export function createRegistry(plugins: readonly ProtocolPlugin[], ajv: Ajv): readonly ProtocolPlugin[] {
  const owners = new Map<string, string>();
  let fallback: ProtocolPlugin | undefined;
  for (const plugin of plugins) {
    validateShape(plugin);
    validateOptions(plugin, ajv);
    for (const token of plugin.tokens) {
      const owner = owners.get(token);
      if (owner !== undefined) throw new JunctionError('JNC_ERR_PLUGIN_DUPLICATE_TOKEN', [token, owner, plugin.name]);
      owners.set(token, plugin.name);
    }
    if (plugin.fallback) {
      if (fallback) throw new JunctionError('JNC_ERR_PLUGIN_SECOND_FALLBACK', [fallback.name, plugin.name]);
      fallback = plugin;
    }
  }
  return [...plugins];
}
