import { execFile } from 'node:child_process';
import { connect as netConnect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame } from '../../../protocols/stomp/frame.js';
import { header } from '../../../protocols/stomp/frame.js';
import { listenStompTcp, type StompTcpServer, stomp } from '../../../protocols/stomp/index.js';
import { FrameParser } from '../../../protocols/stomp/parser.js';
import { needs } from '../../helpers/needs.js';
import { type StartedJunction, startJunction } from '../../helpers/start-junction.js';
import { PYTHON } from '../../helpers/system-parts.js';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('./python/stomp_client.py', import.meta.url));

let tcp: StompTcpServer;
let broker: StartedJunction;

beforeAll(async () => {
  // The same plugin instance serves WebSockets and the TCP listener, on one broker.
  const plugin = stomp();
  broker = await startJunction({ protocols: [plugin] });
  tcp = await listenStompTcp({ port: 0, acceptor: broker.junction, plugin });
});
afterAll(async () => {
  await tcp.close();
  await broker.close();
});

/** Sends raw bytes over TCP and collects the frames that come back until the socket closes. */
function exchange(input: string): Promise<Frame[]> {
  return new Promise((resolve, reject) => {
    const parser = new FrameParser({ maxFrameSize: 1 << 20, maxHeaders: 100, maxHeaderLength: 8192 });
    const frames: Frame[] = [];
    const socket = netConnect(tcp.port, '127.0.0.1', () => socket.write(input));
    socket.on('data', (data) => {
      parser.push(new Uint8Array(data));
      for (let event = parser.next(); event; event = parser.next()) if (event.frame) frames.push(event.frame);
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(frames));
  });
}

describe('STOMP over TCP', () => {
  it('serves CONNECT, SEND, SUBSCRIBE and DISCONNECT over a plain byte stream', async () => {
    const frames = await exchange(
      'CONNECT\naccept-version:1.2\n\n\0' +
        'SUBSCRIBE\nid:1\ndestination:/topic/tcp\n\n\0' +
        'SEND\ndestination:/topic/tcp\ncontent-type:text/plain\n\nover tcp\0' +
        'DISCONNECT\nreceipt:bye\n\n\0',
    );
    expect(frames.map((f) => f.command)).toEqual(['CONNECTED', 'MESSAGE', 'RECEIPT']);
    expect(new TextDecoder().decode(frames[1]!.body)).toBe('over tcp');
  });

  it('sends ERROR before closing a TCP client that breaks the protocol', async () => {
    const frames = await exchange('CONNECT\naccept-version:1.2\n\n\0BOGUS\n\n\0');
    expect(frames.map((f) => f.command)).toEqual(['CONNECTED', 'ERROR']);
    expect(header(frames[1]!, 'message')).toBe('Unknown command BOGUS');
  });
});

const pythonReady = await needs('python3-stomp');

describe.skipIf(!pythonReady)('stomp.py (python3-stomp) over TCP', () => {
  async function scenario(name: string): Promise<Record<string, unknown>> {
    const { stdout } = await run(PYTHON, [SCRIPT, name, String(tcp.port)], { timeout: 30_000 });
    return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
  }

  it('connects, subscribes, sends UTF-8 text and disconnects', async () => {
    const result = await scenario('connect');
    expect(result).toMatchObject({ body: 'héllo from python', destination: '/topic/py.hello', errors: [] });
  });

  it('[STOMP 1.2 COMMIT] delivers committed transactions only', async () => {
    const result = await scenario('transactions');
    expect(result).toEqual({ before_commit: 0, bodies: ['one', 'two'], errors: [] });
  });

  it('[STOMP 1.2 ACK] acks and nacks queue messages, redelivering the nacked one', async () => {
    const result = await scenario('acks');
    expect(result).toEqual({ first: 'a', retried: 'a', redelivered: 'true', errors: [] });
  });

  it('delivers 1000 queued messages in order with none lost', async () => {
    const result = await scenario('thousand');
    expect(result).toEqual({ count: 1000, in_order: true, errors: [] });
  });
});
