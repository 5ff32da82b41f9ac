/**
 * Resolves the broker configuration from three sources, highest first: command-line flags,
 * `JUNCTION_*` environment variables, then the JSON config file (validated; errors name the path).
 */
import { readFileSync } from 'node:fs';
import type { AuthOptions } from '../src/auth/static-authenticator.js';
import type { LogFormat, LogLevel } from '../src/common/logger.js';
import { createAjv, formatSchemaErrors } from '../src/common/schema.js';
import { type ContractDefinition, definitionProblem, schemaProblems } from '../src/contracts/registry.js';
import type { AdminOptions } from '../src/server/admin-auth.js';
import type { Limits } from '../src/server/options.js';
import { configSchema } from './config-schema.js';
import { protocolOptionsProblem } from './protocol-options.js';

export interface Config {
  port: number;
  host: string;
  realm: string;
  realms?: string[];
  logLevel: LogLevel;
  /** 'json' or 'pretty'; absent = pretty on a terminal, JSON otherwise (decided in broker.ts). */
  logFormat?: LogFormat;
  /** Prometheus `/metrics`: a port of its own and a bearer token to require. */
  metrics?: { port?: number; token?: string };
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
  Pick<Config, 'port' | 'host' | 'realm' | 'logLevel' | 'logFormat' | 'staticDir' | 'redis' | 'nodeId' | 'stompTcp'>
> & {
  config?: string;
  /** `--metrics-port` / JUNCTION_METRICS_PORT: `metrics.port` of the config. */
  metricsPort?: number;
  /** JUNCTION_METRICS_TOKEN: `metrics.token` of the config (a secret is better kept out of files). */
  metricsToken?: string;
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
  const problem = protocolOptionsProblem(parsed.protocols) ?? contractsProblem(parsed.contracts);
  if (problem !== undefined) throw new ConfigError(`invalid config file ${path}: ${problem}`);
  return parsed;
}

function integer(name: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new ConfigError(`${name} must be a non-negative integer`);
  return number;
}

/** The environment variable of each setting it can carry; JUNCTION_CONFIG names the file. */
export const envVariables = {
  port: 'JUNCTION_PORT',
  host: 'JUNCTION_HOST',
  realm: 'JUNCTION_REALM',
  logLevel: 'JUNCTION_LOG_LEVEL',
  logFormat: 'JUNCTION_LOG_FORMAT',
  staticDir: 'JUNCTION_STATIC',
  redis: 'JUNCTION_REDIS',
  nodeId: 'JUNCTION_NODE_ID',
  stompTcp: 'JUNCTION_STOMP_TCP',
} as const;

type EnvSetting = keyof typeof envVariables;
const numeric: ReadonlySet<EnvSetting> = new Set(['port', 'stompTcp']);
const envValidators = Object.fromEntries(
  Object.keys(envVariables).map((key) => [key, ajv.compile(configSchema.properties[key as EnvSetting])]),
) as Record<EnvSetting, ReturnType<typeof ajv.compile>>;

/** Each `JUNCTION_*` variable, checked against the config schema; an error names the variable. */
export function fromEnv(env: NodeJS.ProcessEnv): Overrides {
  const overrides: Record<string, unknown> = {};
  for (const [key, variable] of Object.entries(envVariables) as [EnvSetting, string][]) {
    const raw = env[variable];
    if (!raw) continue;
    const value = numeric.has(key) ? integer(variable, raw) : raw;
    const validate = envValidators[key];
    if (!validate(value)) {
      // The errors are about the value itself (path "/"): say which variable held it.
      const messages = (validate.errors ?? []).map((error) => formatSchemaErrors([error]).replace(/^\/ /, ''));
      throw new ConfigError(`${variable} ${messages.join('; ')}`);
    }
    overrides[key] = value;
  }
  if (env.JUNCTION_CONFIG) overrides.config = env.JUNCTION_CONFIG;
  if (env.JUNCTION_METRICS_PORT) overrides.metricsPort = integer('JUNCTION_METRICS_PORT', env.JUNCTION_METRICS_PORT);
  if (env.JUNCTION_METRICS_TOKEN) overrides.metricsToken = env.JUNCTION_METRICS_TOKEN;
  return overrides as Overrides;
}

/**
 * A fixed `realms` list means exactly those realms: without an explicit `realm`, the first listed
 * one is the default; an explicit `realm` outside the list is refused.
 */
function withRealm(config: Config, explicitRealm: string | undefined): Config {
  if (config.realms === undefined) return config;
  if (explicitRealm === undefined) return { ...config, realm: config.realms[0] ?? config.realm };
  if (config.realms.includes(explicitRealm)) return config;
  throw new ConfigError(
    `realm '${explicitRealm}' is not in realms (${config.realms.join(', ')}); add it to realms or set realm to one of them`,
  );
}

/** `metrics` of the file, with the port and token that flags or env set on top. */
function withMetrics(
  file: Config['metrics'],
  port: number | undefined,
  token: string | undefined,
): Config['metrics'] | undefined {
  if (port === undefined && token === undefined) return file;
  return { ...file, ...(port !== undefined && { port }), ...(token !== undefined && { token }) };
}

/** Merges defaults < file < env < flags, then validates the result once more. */
export function resolveConfig(flags: Overrides, env: NodeJS.ProcessEnv): Config {
  const environment = fromEnv(env);
  const path = flags.config ?? environment.config;
  const file = path ? readConfigFile(path) : {};
  const { config: _flagsPath, metricsPort: flagPort, metricsToken: _flagToken, ...flagValues } = flags;
  const { config: _envPath, metricsPort: envPort, metricsToken: envToken, ...envValues } = environment;
  const merged = { ...defaults, ...file, ...envValues, ...flagValues };
  const metrics = withMetrics(file.metrics, flagPort ?? envPort, envToken);
  if (metrics !== undefined) merged.metrics = metrics;
  if (!validate(merged)) throw new ConfigError(`invalid configuration: ${formatSchemaErrors(validate.errors)}`);
  return withRealm(merged, flagValues.realm ?? envValues.realm ?? file.realm);
}
