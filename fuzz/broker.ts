/**
 * The broker under fuzz, in this process: every built-in protocol on WebSocket, STOMP on TCP,
 * a server-side echo procedure, and error-level log lines and process warnings kept (a crashed
 * session logs "Internal error in <protocol> session" at error level).
 */
import { pino } from 'pino';
import { jsonrpc } from '../protocols/jsonrpc/index.js';
import { listenStompTcp, stomp } from '../protocols/stomp/index.js';
import { wamp } from '../protocols/wamp/index.js';
import { CallResult, createJunction, type Junction } from '../src/index.js';

export interface FuzzBroker {
  readonly junction: Junction;
  readonly url: string;
  readonly tcpPort: number;
  /** Error-level log lines (at most the first 100): message, error and where it was thrown. */
  readonly errors: string[];
  /** Error-level log lines so far, all of them counted. */
  errorCount(): number;
  close(): Promise<void>;
}

export async function startFuzzBroker(): Promise<FuzzBroker> {
  const errors: string[] = [];
  let errorCount = 0;
  const logger = pino(
    { level: 'error' },
    {
      write(line: string) {
        const entry = JSON.parse(line) as { msg: string; err?: { message?: string; stack?: string } };
        const where = entry.err?.stack?.split('\n').slice(1, 3).join(' ').trim() ?? '';
        errorCount++;
        if (errors.length < 100) errors.push(`${entry.msg}: ${entry.err?.message ?? ''} ${where}`);
      },
    },
  );
  const stompPlugin = stomp();
  const junction = createJunction({
    protocols: [stompPlugin, wamp(), jsonrpc()],
    port: 0,
    host: '127.0.0.1',
    logger,
    // Fuzz sessions fail logins by the thousand, and send to a few queues nobody reads: bound
    // what the queues hold so memory measures leaks, not backlog.
    limits: { authFailuresPerMinute: 1_000_000, authFailureDelay: 0, maxQueueLength: 100, shutdownGrace: 500 },
  });
  // A process warning is bad input handled wrongly too (a client's number reaching a timer).
  const onWarning = (warning: Error) => {
    errorCount++;
    if (errors.length < 100) errors.push(`process warning ${warning.name}: ${warning.message}`);
  };
  process.on('warning', onWarning);
  await junction.listen();
  const tcp = await listenStompTcp({ port: 0, acceptor: junction, plugin: stompPlugin });
  // A procedure the generated calls reach (fuzz.proc), so calls get answered, not only refused.
  junction.register('fuzz.proc', (args, kwargs) => new CallResult(args, kwargs));
  return {
    junction,
    url: junction.url,
    tcpPort: tcp.port,
    errors,
    errorCount: () => errorCount,
    async close() {
      process.off('warning', onWarning);
      await tcp.close();
      await junction.close();
    },
  };
}
