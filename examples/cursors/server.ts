/**
 * The cursors example: a shared text area where everyone sees everyone's cursor, whichever protocol
 * their page speaks (`?protocol=stomp` through @stomp/stompjs, `?protocol=wamp` through
 * autobahn-browser). One broker with every protocol serves the page and keeps presence (presence.ts).
 *
 * Run from the repository root: npm run build && node dist/examples/cursors/server.js [--port 9000]
 */
import { demoArgs, type ExampleOptions, isMain, type StartedExample, startExample } from '../example-server.js';
import { trackPresence } from './presence.js';

export type CursorsOptions = ExampleOptions;
/** `pageUrl` is the page to open (add ?protocol=wamp&doc=<name>&name=<you>). */
export type StartedCursors = StartedExample;

/** Starts the broker (STOMP, WAMP, JSON-RPC), the presence tracker and the page. */
export function startCursors(options: CursorsOptions = {}): Promise<StartedCursors> {
  // wamp() also announces every session's leave (wamp.session.on_leave), which presence relies on.
  return startExample('cursors', import.meta.url, options, (junction) => trackPresence(junction));
}

if (isMain(import.meta.url)) {
  const cursors = await startCursors({ ...demoArgs(process.argv.slice(2), process.env), logger: 'warn' });
  console.log(`Cursors: open ${cursors.pageUrl}?protocol=stomp and ${cursors.pageUrl}?protocol=wamp`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cursors.close());
}
