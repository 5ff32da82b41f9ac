/**
 * Resolves the broker configuration from three sources, highest first: command-line flags,
 * `JUNCTION_*` environment variables, then the JSON config file (validated; errors name the path).
 */
import { readFileSync } from 'node:fs';
import type { AuthOptions } from '../src/auth/static-authenticator.js';
import type { LogLevel } from '../src/common/logger.js';
import { createAjv, formatSchemaErrors } from '../src/common/schema.js';
import { type ContractDefinition, definitionProblem, schemaProblems } from '../src/contracts/registry.js';
import type { AdminOptions } from '../src/server/admin-auth.js';
import type { Limits } from '../src/server/options.js';
import { configSchema } from './config-schema.js';

export interface Config {
  port: number;
  host: string;
  realm: string;
  realms?: string[];
  logLevel: LogLevel;
  staticDir?: string;
  /** Redis URL of the cluster; absent = single node. */
  redis?: string;
  /** This node's id in the cluster; absent = random. */
  nodeId?: string;
  /** Port of the STOMP-over-TCP listener; absent = off. */
  stompTcp?: number;
  allowedOrigins?: string[];
  limits?: Partial<Limits>;
  auth?: AuthOptions;
  /** Operators of the admin API and page (docs/admin.md). */
  admin?: AdminOptions;
  /** Authroles whose users may use the admin API (default ['admin']). */
  adminRoles?: string[];
  protocols?: { stomp?: Record<string, unknown>; wamp?: Record<string, unknown>; jsonrpc?: Record<string, unknown> };
  /** JSON Schema contracts on topics and procedures (docs/contracts.md). */
  contracts?: ContractDefinition[];
  /** Third-party protocol plugins, loaded by cli/plugins.ts in this order (docs/plugins.md). */
  plugins?: { module: string; options?: Record<string, unknown> }[];
}

/** The subset of settings that flags and environment variables can carry. */
export type Overrides = Partial<
  Pick<Config, 'port' | 'host' | 'realm' | 'logLevel' | 'staticDir' | 'redis' | 'nodeId' | 'stompTcp'>
> & {
  config?: string;
};

export const defaults: Config = { port: 8080, host: '127.0.0.1', realm: 'realm1', logLevel: 'info' };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const ajv = createAjv();
const validate = ajv.compile<Config>(configSchema);

/**
 * What the config schema cannot say about contracts: which keys go together, valid patterns, and
 * schemas that are JSON Schema (meta-schema check; they are compiled once, at startup).
 */
function contractsProblem(contracts: readonly ContractDefinition[] | undefined): string | undefined {
  for (const [index, contract] of (contracts ?? []).entries()) {
    const path = `/contracts/${index}`;
    const problem = definitionProblem(contract);
    if (problem !== undefined) return `${path} ${problem}`;
    const invalid = schemaProblems(ajv, contract, path);
    if (invalid !== undefined) return `${path} has an invalid JSON Schema: ${invalid}`;
  }
  return undefined;
}

/** Reads and validates a config file. */
export function readConfigFile(path: string): Partial<Config> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError(`cannot read config file ${path}: ${(err as Error).message}`);
  }
  if (!validate(parsed)) throw new ConfigError(`invalid config file ${path}: ${formatSchemaErrors(validate.errors)}`);
  const problem = contractsProblem(parsed.contracts);
  if (problem !== undefined) throw new ConfigError(`invalid config file ${path}: ${problem}`);
  return parsed;
}

function integer(name: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new ConfigError(`${name} must be a non-negative integer`);
  return number;
}

/**
 * JUNCTION_PORT, JUNCTION_HOST, JUNCTION_REALM, JUNCTION_LOG_LEVEL, JUNCTION_STATIC, JUNCTION_CONFIG,
 * JUNCTION_REDIS, JUNCTION_NODE_ID, JUNCTION_STOMP_TCP.
 */
export function fromEnv(env: NodeJS.ProcessEnv): Overrides {
  const overrides: Overrides = {};
  if (env.JUNCTION_PORT) overrides.port = integer('JUNCTION_PORT', env.JUNCTION_PORT);
  if (env.JUNCTION_HOST) overrides.host = env.JUNCTION_HOST;
  if (env.JUNCTION_REALM) overrides.realm = env.JUNCTION_REALM;
  if (env.JUNCTION_LOG_LEVEL) overrides.logLevel = env.JUNCTION_LOG_LEVEL as LogLevel;
  if (env.JUNCTION_STATIC) overrides.staticDir = env.JUNCTION_STATIC;
  if (env.JUNCTION_CONFIG) overrides.config = env.JUNCTION_CONFIG;
  if (env.JUNCTION_REDIS) overrides.redis = env.JUNCTION_REDIS;
  if (env.JUNCTION_NODE_ID) overrides.nodeId = env.JUNCTION_NODE_ID;
  if (env.JUNCTION_STOMP_TCP) overrides.stompTcp = integer('JUNCTION_STOMP_TCP', env.JUNCTION_STOMP_TCP);
  return overrides;
}

/** Merges defaults < file < env < flags, then validates the result once more. */
export function resolveConfig(flags: Overrides, env: NodeJS.ProcessEnv): Config {
  const environment = fromEnv(env);
  const path = flags.config ?? environment.config;
  const file = path ? readConfigFile(path) : {};
  const { config: _flagsPath, ...flagValues } = flags;
  const { config: _envPath, ...envValues } = environment;
  const merged = { ...defaults, ...file, ...envValues, ...flagValues };
  if (!validate(merged)) throw new ConfigError(`invalid configuration: ${formatSchemaErrors(validate.errors)}`);
  return merged;
}
