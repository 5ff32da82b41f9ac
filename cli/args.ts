/** Command-line flags (node:util parseArgs) and the --help text that documents each of them. */
import { parseArgs } from 'node:util';
import { ConfigError, type Overrides } from './config.js';

export const usage = `Usage: junction [options]            run the broker
       junction check-config <file>   validate a config file: prints "ok" (exit 0) or the error (exit 2)
       junction print-config [options]
                                      print the effective configuration (file < env < flags), secrets redacted
       junction hash-secret           read a secret on stdin, print its scrypt$... hash for auth.users

WebSocket subprotocol broker: STOMP 1.0-1.2, WAMP v2 (json, msgpack, cbor) and JSON-RPC 2.0 on one router.

Options:
  -p, --port <port>       port to listen on (default 8080; env JUNCTION_PORT)
      --host <host>       address to bind (default 127.0.0.1; env JUNCTION_HOST)
  -c, --config <file>     JSON config file (env JUNCTION_CONFIG); flags > env > file
      --realm <name>      default realm for clients that name none (default realm1; env JUNCTION_REALM)
      --log-level <lvl>   fatal|error|warn|info|debug|trace|silent (default info; env JUNCTION_LOG_LEVEL)
      --log-format <fmt>  json|pretty (default: pretty on a terminal, JSON lines otherwise;
                          env JUNCTION_LOG_FORMAT)
      --metrics-port <port>
                          also serve Prometheus /metrics on this port (it is always on the main
                          port too; env JUNCTION_METRICS_PORT); "metrics.token" in the config (or
                          JUNCTION_METRICS_TOKEN) requires Authorization: Bearer <token>
      --static <dir>      serve a directory over HTTP GET on the same port (env JUNCTION_STATIC)
      --redis <url>       join a cluster through Redis, e.g. redis://127.0.0.1:6379 (env JUNCTION_REDIS);
                          without it the broker is a single node (memory engine)
      --node-id <id>      this node's id in the cluster (default random; env JUNCTION_NODE_ID)
      --stomp-tcp <port>  also serve STOMP over plain TCP on this port (off by default; 0 picks one;
                          env JUNCTION_STOMP_TCP), for stomp.py or Spring's broker relay
      --plugin <module>   load a protocol plugin: a package installed where junction runs, or a path
                          (./my-plugin.js); repeatable; env JUNCTION_PLUGINS (comma-separated); with
                          options: "plugins" in the config file. Order: STOMP, WAMP, these, JSON-RPC
  -h, --help              show this help
  -v, --version           print the version

HTTP endpoints on the same port: /healthz, /readyz (503 while starting, draining or while Redis is
unreachable), /metrics (Prometheus). SIGINT/SIGTERM drain (clients get close 1001). Operator errors print one line and
exit 2. Running it as a service: docs/operations.md. Cluster guarantees: docs/cluster.md.`;

/** The subcommands; without one, `junction` runs the broker. */
export const commands = ['check-config', 'print-config', 'hash-secret'] as const;
export type Command = (typeof commands)[number];

export interface ParsedArgs {
  readonly command?: Command;
  /** The file argument of `check-config`. */
  readonly file?: string;
  readonly help: boolean;
  readonly version: boolean;
  readonly overrides: Overrides;
  /** Modules named with --plugin, in order (they add to the config file's and JUNCTION_PLUGINS'). */
  readonly plugins: readonly string[];
}

export function parseCommandLine(argv: readonly string[]): ParsedArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  const { values, positionals } = parsed;
  const overrides: Overrides = {};
  if (values.port !== undefined) overrides.port = parsePort('--port', values.port);
  if (values['stomp-tcp'] !== undefined) overrides.stompTcp = parsePort('--stomp-tcp', values['stomp-tcp']);
  if (values.host !== undefined) overrides.host = values.host;
  if (values.config !== undefined) overrides.config = values.config;
  if (values.realm !== undefined) overrides.realm = values.realm;
  if (values['log-level'] !== undefined) overrides.logLevel = values['log-level'] as Overrides['logLevel'];
  if (values['log-format'] !== undefined) overrides.logFormat = values['log-format'] as Overrides['logFormat'];
  if (values['metrics-port'] !== undefined) overrides.metricsPort = parsePort('--metrics-port', values['metrics-port']);
  if (values.static !== undefined) overrides.staticDir = values.static;
  if (values.redis !== undefined) overrides.redis = values.redis;
  if (values['node-id'] !== undefined) overrides.nodeId = values['node-id'];
  return {
    ...parseCommand(positionals),
    help: values.help === true,
    version: values.version === true,
    overrides,
    plugins: values.plugin ?? [],
  };
}

function parseCommand(positionals: readonly string[]): { command?: Command; file?: string } {
  const [name, file, ...rest] = positionals;
  if (name === undefined) return {};
  const command = commands.find((known) => known === name);
  if (command === undefined) throw new ConfigError(`unknown command '${name}'; commands: ${commands.join(', ')}`);
  if (command === 'check-config') {
    if (file === undefined || rest.length > 0) throw new ConfigError('usage: junction check-config <file>');
    return { command, file };
  }
  if (file !== undefined) throw new ConfigError(`${command} takes no argument, got '${file}'`);
  return { command };
}

function parsePort(flag: string, value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`${flag} must be 0-65535`);
  return port;
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: true,
    options: {
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      config: { type: 'string', short: 'c' },
      realm: { type: 'string' },
      'log-level': { type: 'string' },
      'log-format': { type: 'string' },
      'metrics-port': { type: 'string' },
      static: { type: 'string' },
      redis: { type: 'string' },
      'node-id': { type: 'string' },
      'stomp-tcp': { type: 'string' },
      plugin: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
}
