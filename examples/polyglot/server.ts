/**
 * The polyglot demo: one Junction broker speaking STOMP, WAMP and JSON-RPC, serving a page whose three
 * panels (@stomp/stompjs, autobahn-browser, a plain WebSocket) publish to and call each other, plus a
 * server-side procedure `demo.server.time` that all of them can call.
 *
 * Run from the repository root: npm run demo [-- --port 9000] (builds if the build is stale, then runs
 * node dist/examples/polyglot/server.js).
 */
import { demoArgs, type ExampleOptions, isMain, type StartedExample, startExample } from '../example-server.js';

/** The server-side procedure every panel can call. */
export const SERVER_TIME = 'demo.server.time';

export type DemoOptions = ExampleOptions;
export type StartedDemo = StartedExample;

/** Starts the broker with all three protocols, the page and `demo.server.time`. */
export function startDemo(options: DemoOptions = {}): Promise<StartedDemo> {
  return startExample('polyglot', import.meta.url, options, (junction) => {
    junction.register(SERVER_TIME, () => new Date().toISOString());
    return undefined;
  });
}

if (isMain(import.meta.url)) {
  const demo = await startDemo({ ...demoArgs(process.argv.slice(2), process.env), logger: 'warn' });
  console.log(`Junction polyglot demo: open ${demo.pageUrl}`);
  console.log('STOMP, WAMP (wamp.2.json) and JSON-RPC all on the same port; Ctrl-C to stop.');
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void demo.close());
}
