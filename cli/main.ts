#!/usr/bin/env node
/**
 * The `junction` command: resolves the configuration and runs the broker, or runs a subcommand.
 * Stdout carries only the pino log lines and the subcommands' own output (`--log-level silent`
 * prints nothing); operator errors are one line on stderr with exit code 2.
 */
import { readFileSync } from 'node:fs';
import { listenStompTcp, stomp } from '../protocols/stomp/index.js';
import { parseCommandLine, usage } from './args.js';
import { createBroker, createEngine } from './broker.js';
import { runCommand } from './commands.js';
import { type Config, resolveConfig } from './config.js';
import { ONE_CPU_ADVICE, runsGcBesideEventLoop } from './one-cpu.js';
import { loadPlugins, pluginRequests } from './plugins.js';
import { startupErrorLine } from './startup-error.js';

function packageVersion(): string {
  const url = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}

let config: Config | undefined;

async function serve(resolved: Config, plugins: readonly string[]): Promise<void> {
  const stompPlugin = stomp(resolved.protocols?.stomp);
  const thirdParty = await loadPlugins(pluginRequests(resolved.plugins, process.env, plugins), process.cwd());
  const junction = createBroker(resolved, createEngine(resolved), stompPlugin, thirdParty);
  let tcp: Awaited<ReturnType<typeof listenStompTcp>> | undefined;
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
  // Before listening: a SIGTERM right after "junction listening" must drain, not kill.
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  await junction.listen();
  tcp =
    resolved.stompTcp === undefined
      ? undefined
      : await listenStompTcp({ port: resolved.stompTcp, host: resolved.host, acceptor: junction, plugin: stompPlugin });
  if (tcp) junction.log.info({ host: resolved.host, port: tcp.port }, 'STOMP over TCP listening');
  if (runsGcBesideEventLoop()) junction.log.info({ cpus: 1, see: 'docs/operations.md, "One CPU"' }, ONE_CPU_ADVICE);
}

async function main(): Promise<void> {
  const args = parseCommandLine(process.argv.slice(2));
  if (args.help) return void console.log(usage);
  if (args.version) return void console.log(packageVersion());
  if (args.command) {
    process.exitCode = await runCommand(args.command, args.file, args.overrides);
    return;
  }
  config = resolveConfig(args.overrides, process.env);
  await serve(config, args.plugins);
}

main().catch((err: unknown) => {
  const line = startupErrorLine(err, config);
  console.error(line === undefined ? err : `junction: ${line}`);
  process.exit(line === undefined ? 1 : 2);
});
