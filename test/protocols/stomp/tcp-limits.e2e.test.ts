/**
 * STOMP over TCP gets the broker's limits exactly as STOMP over WebSocket does: maxPayload,
 * maxBufferedBytes (with the same slow-consumer warn line and counter), maxConnections and the
 * login timeout; TCP has no close frame, so its clients read the reason in an ERROR frame.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Frame, header } from '../../../protocols/stomp/frame.js';
import { listenStompTcp, type StompTcpServer, stomp } from '../../../protocols/stomp/index.js';
import type { Logger } from '../../../src/common/logger.js';
import type { Limits } from '../../../src/server/options.js';
import { type StartedJunction, startJunction } from '../../helpers/start-junction.js';
import { bodyText, frame, rawClient } from './raw-client.js';
import { pythonStompReady, stompPy } from './stomp-py.js';
import { eventually, tcpClient } from './tcp-client.js';

const MiB = 1024 * 1024;
const CONNECT = frame('CONNECT', { 'accept-version': '1.2' });

interface LogLine {
  readonly level: string;
  readonly fields: object;
  readonly msg: string | undefined;
}

/** A Logger that keeps every line (the broker logs through the structural Logger interface). */
function captureLogger(lines: LogLine[]): Logger {
  const at =
    (level: string) =>
    (obj: object | string, msg?: string): void => {
      lines.push(typeof obj === 'string' ? { level, fields: {}, msg: obj } : { level, fields: obj, msg });
    };
  const logger: Logger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => logger,
  };
  return logger;
}

let broker: StartedJunction | undefined;
let tcp: StompTcpServer | undefined;

/** A broker with one stomp() instance on WebSocket and on a TCP listener that is given no limits of its own. */
async function start(limits: Partial<Limits>, maxFrameSize?: number, logger?: Logger): Promise<StartedJunction> {
  const plugin = stomp(maxFrameSize === undefined ? {} : { maxFrameSize });
  broker = await startJunction({ protocols: [plugin], limits, ...(logger ? { logger } : {}) });
  tcp = await listenStompTcp({ port: 0, acceptor: broker.junction, plugin });
  return broker;
}

afterEach(async () => {
  await tcp?.close();
  await broker?.close();
  tcp = undefined;
  broker = undefined;
});

const messages = (frames: readonly Frame[]) => frames.map((f) => `${f.command} ${header(f, 'message') ?? ''}`.trim());

describe('STOMP over TCP: the broker limits', () => {
  it.runIf(pythonStompReady)(
    '[stomp.py] with limits raised to 64 MiB, a 16 MiB message reaches a TCP and a WebSocket subscriber',
    async () => {
      await start({ maxPayload: 64 * MiB, maxBufferedBytes: 64 * MiB }, 64 * MiB);
      const ws = await rawClient(broker!.url, 'v12.stomp', 64 * MiB);
      await ws.connect();
      ws.send(frame('SUBSCRIBE', { id: 'big', destination: '/topic/py.large', receipt: 'sub' }));
      await ws.receipt('sub');
      const result = await stompPy('large', tcp!.port, 60_000);
      expect(result).toEqual({ length: 16 * MiB, intact: true, errors: [] });
      const message = await ws.next(10_000);
      expect(message.body.length).toBe(16 * MiB);
      expect(bodyText(message)).toBe('0123456789abcdef'.repeat(MiB));
      ws.close();
    },
    90_000,
  );

  it('applies the broker maxPayload to TCP frames: ERROR "Frame too large", then the close', async () => {
    await start({ maxPayload: 1024 });
    const client = await tcpClient(tcp!.port);
    client.socket.write(CONNECT);
    await eventually(() => client.frames.length > 0);
    client.socket.write(frame('SEND', { destination: '/topic/x' }, 'x'.repeat(2000)));
    expect(messages(await client.closed)).toEqual(['CONNECTED', 'ERROR Frame too large (limit 1024 bytes)']);
  });

  it('gives a TCP slow consumer ERROR "slow consumer", the close, the warn line and the count a WebSocket one gets', async () => {
    const lines: LogLine[] = [];
    await start({ maxBufferedBytes: 64 * 1024 }, undefined, captureLogger(lines));
    const tcpSubscriber = await tcpClient(tcp!.port);
    tcpSubscriber.socket.write(CONNECT + frame('SUBSCRIBE', { id: 's', destination: '/topic/flood', receipt: 'sub' }));
    const wsSubscriber = await rawClient(broker!.url);
    await wsSubscriber.connect();
    wsSubscriber.send(frame('SUBSCRIBE', { id: 's', destination: '/topic/flood', receipt: 'sub' }));
    await wsSubscriber.receipt('sub');
    await eventually(() => tcpSubscriber.frames.some((f) => f.command === 'RECEIPT'));
    // Both stop reading; the publisher keeps going, a few messages per event-loop turn.
    tcpSubscriber.socket.pause();
    wsSubscriber.socket.pause();
    const filler = 'x'.repeat(256 * 1024);
    for (let n = 0; n < 2000 && broker!.junction.stats.slow_consumer < 2; n++) {
      broker!.junction.publish('flood', filler);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(broker!.junction.stats.slow_consumer).toBe(2);
    tcpSubscriber.socket.resume();
    wsSubscriber.socket.resume();
    const tcpFrames = await tcpSubscriber.closed;
    expect(messages(tcpFrames.slice(-1))).toEqual(['ERROR slow consumer']);
    expect(await wsSubscriber.closed).toBe(1008);
    const warnings = lines.filter((line) => line.level === 'warn');
    expect(warnings).toHaveLength(2);
    for (const line of warnings) {
      expect(line.msg).toBe('closing slow consumer');
      expect(line.fields).toMatchObject({ code: 'JNC_ERR_SLOW_CONSUMER' });
    }
  });

  it('gives a TCP connection over maxConnections an ERROR before the close', async () => {
    await start({ maxConnections: 1 });
    const first = await tcpClient(tcp!.port);
    first.socket.write(CONNECT);
    await eventually(() => first.frames.length > 0);
    const refused = await tcpClient(tcp!.port);
    expect(messages(await refused.closed)).toEqual(['ERROR too many connections']);
    expect(messages(first.frames)).toEqual(['CONNECTED']);
    first.socket.destroy();
  });

  it('gives a TCP client that never sends CONNECT an ERROR "login timeout" before the close', async () => {
    await start({ handshakeTimeout: 200 });
    const silent = await tcpClient(tcp!.port);
    expect(messages(await silent.closed)).toEqual(['ERROR login timeout']);
  });

  it('sends one ERROR, not two, when the session said why it closes', async () => {
    await start({});
    const client = await tcpClient(tcp!.port);
    client.socket.write(`${CONNECT}BOGUS\n\n\0`);
    expect(messages(await client.closed)).toEqual(['CONNECTED', 'ERROR Unknown command BOGUS']);
  });
});
