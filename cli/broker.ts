/** Builds the broker from a resolved configuration: the built-in protocols, the engine, the options. */
import { jsonrpc } from '../protocols/jsonrpc/index.js';
import { stomp } from '../protocols/stomp/index.js';
import { wamp } from '../protocols/wamp/index.js';
import { createRedisEngine } from '../src/cluster/index.js';
import { createJunction, createMemoryEngine, type Engine, type Junction, type ProtocolPlugin } from '../src/index.js';
import type { Config } from './config.js';

/** The engine the configuration asks for: Redis when `redis` is set, else the memory engine. */
export function createEngine(config: Config): Engine {
  return config.redis
    ? createRedisEngine({ url: config.redis, nodeId: config.nodeId })
    : createMemoryEngine({ nodeId: config.nodeId });
}

export function createBroker(
  config: Config,
  engine: Engine,
  stompPlugin: ProtocolPlugin = stomp(config.protocols?.stomp),
  thirdParty: readonly ProtocolPlugin[] = [],
): Junction {
  return createJunction({
    // Server preference: the built-ins first, third-party plugins in the given order, the fallback last.
    protocols: [stompPlugin, wamp(config.protocols?.wamp), ...thirdParty, jsonrpc(config.protocols?.jsonrpc)],
    port: config.port,
    host: config.host,
    defaultRealm: config.realm,
    realms: config.realms,
    limits: config.limits,
    auth: config.auth,
    admin: config.admin,
    adminRoles: config.adminRoles,
    allowedOrigins: config.allowedOrigins,
    logger: config.logLevel,
    // Nobody reads JSON on a terminal; a log collector reads nothing else.
    logFormat: config.logFormat ?? (process.stdout.isTTY ? 'pretty' : 'json'),
    ...(config.metrics !== undefined && { metrics: config.metrics }),
    staticDir: config.staticDir,
    engine,
    contracts: config.contracts,
  });
}
