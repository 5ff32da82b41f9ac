#!/usr/bin/env node
/** The `junction` command: resolves the configuration, registers the built-in protocols, runs. */
import { readFileSync } from 'node:fs';
import { jsonrpc } from '../protocols/jsonrpc/index.js';
import { listenStompTcp, stomp } from '../protocols/stomp/index.js';
import { wamp } from '../protocols/wamp/index.js';
import { createRedisEngine } from '../src/cluster/redis-engine.js';
import { ContractError } from '../src/contracts/registry.js';
import { JunctionError } from '../src/errors/table.js';
import { createMemoryEngine } from '../src/router/memory-engine.js';
import { createJunction } from '../src/server/junction.js';
import { parseCommandLine, usage } from './args.js';
import { ConfigError, resolveConfig } from './config.js';
import { loadPlugins, pluginRequests } from './plugins.js';

function packageVersion(): string {
  const url = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}

async function main(): Promise<void> {
  const args = parseCommandLine(process.argv.slice(2));
  if (args.help) return void console.log(usage);
  if (args.version) return void console.log(packageVersion());
  const config = resolveConfig(args.overrides, process.env);
  const stompPlugin = stomp(config.protocols?.stomp);
  const thirdParty = await loadPlugins(pluginRequests(config.plugins, process.env, args.plugins), process.cwd());
  const junction = createJunction({
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
    staticDir: config.staticDir,
    engine: config.redis
      ? createRedisEngine({ url: config.redis, nodeId: config.nodeId })
      : createMemoryEngine({ nodeId: config.nodeId }),
    contracts: config.contracts,
  });
  await junction.listen();
  console.log(`junction listening on ${junction.url} (node ${junction.router.engine.nodeId})`);
  const tcp =
    config.stompTcp === undefined
      ? undefined
      : await listenStompTcp({ port: config.stompTcp, host: config.host, acceptor: junction, plugin: stompPlugin });
  if (tcp) console.log(`STOMP over TCP on ${config.host}:${tcp.port}`);
  const shutdown = (signal: string): void => {
    junction.log.info({ signal }, 'draining');
    // The broker's drain says goodbye to TCP sessions too; then the listener stops.
    junction
      .close()
      .then(() => tcp?.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  // A contract that does not compile (an unresolvable $ref, say) is a configuration error too, and
  // so are plugins that clash (two claim one token, a second fallback).
  const isPluginError = err instanceof JunctionError && err.code.startsWith('JNC_ERR_PLUGIN_');
  const isConfigError = err instanceof ConfigError || err instanceof ContractError || isPluginError;
  console.error(isConfigError ? `junction: ${err.message}` : err);
  process.exit(isConfigError ? 2 : 1);
});
