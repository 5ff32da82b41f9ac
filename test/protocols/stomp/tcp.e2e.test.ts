import { connect as netConnect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame } from '../../../protocols/stomp/frame.js';
import { header } from '../../../protocols/stomp/frame.js';
import { listenStompTcp, type StompTcpServer, stomp } from '../../../protocols/stomp/index.js';
import { FrameParser } from '../../../protocols/stomp/parser.js';
import { type StartedJunction, startJunction } from '../../helpers/start-junction.js';
import { pythonStompReady, stompPy } from './stomp-py.js';

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

describe('STOMP over TCP: raw bytes (issue 15)', () => {
  it('[RabbitMQ] skips stray NULs and EOLs between frames, before CONNECT too', async () => {
    const frames = await exchange(
      '\0\n\0CONNECT\naccept-version:1.2\n\n\0\0\r\n\0' +
        'SUBSCRIBE\nid:1\ndestination:/topic/tcp.nuls\n\n\0\0' +
        'SEND\ndestination:/topic/tcp.nuls\n\nnul-separated\0\0\0\n' +
        'DISCONNECT\nreceipt:bye\n\n\0',
    );
    expect(frames.map((f) => f.command)).toEqual(['CONNECTED', 'MESSAGE', 'RECEIPT']);
    expect(new TextDecoder().decode(frames[1]!.body)).toBe('nul-separated');
  });

  it('[STOMP 1.2 Augmented BNF] any other octet between frames gets ERROR, then the close', async () => {
    const frames = await exchange('CONNECT\naccept-version:1.2\n\n\0\0 \nSEND\ndestination:/topic/x\n\n\0');
    expect(frames.map((f) => f.command)).toEqual(['CONNECTED', 'ERROR']);
    expect(header(frames[1]!, 'message')).toBe('Not a STOMP frame: invalid command');
  });

  it("[STOMP 1.2 DISCONNECT] the implicit abort sends the discarded frames' receipts, then DISCONNECT's", async () => {
    const frames = await exchange(
      'CONNECT\naccept-version:1.2\n\n\0' +
        'SUBSCRIBE\nid:1\ndestination:/topic/tcp.tx\n\n\0' +
        'BEGIN\ntransaction:t\n\n\0' +
        'SEND\ndestination:/topic/tcp.tx\ntransaction:t\nreceipt:s1\n\ndiscarded\0' +
        'DISCONNECT\nreceipt:bye\n\n\0',
    );
    expect(frames.map((f) => `${f.command} ${header(f, 'receipt-id') ?? ''}`.trim())).toEqual([
      'CONNECTED',
      'RECEIPT s1',
      'RECEIPT bye',
    ]);
  });

  it('[RabbitMQ NACK] a requeue header other than true or false gets ERROR, then the close', async () => {
    const frames = await exchange('CONNECT\naccept-version:1.2\n\n\0NACK\nid:q1\nrequeue:maybe\n\n\0');
    expect(frames.map((f) => f.command)).toEqual(['CONNECTED', 'ERROR']);
    expect(header(frames[1]!, 'message')).toBe('Invalid requeue header maybe; use true or false');
  });
});

describe.runIf(pythonStompReady)('stomp.py (python3-stomp) over TCP', () => {
  const scenario = (name: string) => stompPy(name, tcp.port);

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

  it('[stomp.py] NACK with requeue:False (any case) drops the message; requeue:True redelivers it', async () => {
    const result = await scenario('nack_requeue');
    expect(result).toEqual({ redelivered: ['c'], left_in_queue: 0, errors: [] });
  });

  it('[stomp.py] RECEIPTs of transactional SENDs come at COMMIT, after the frames took effect, and at ABORT', async () => {
    const result = await scenario('transaction_receipts');
    expect(result).toEqual({
      before_commit: [],
      at_commit: ['MESSAGE one', 'RECEIPT send-1', 'MESSAGE two', 'RECEIPT send-2', 'RECEIPT commit'],
      before_abort: [],
      at_abort: ['RECEIPT send-3', 'RECEIPT abort'],
      errors: [],
    });
  });

  it('[stomp.py] stray NULs and EOLs between frames are skipped', async () => {
    const result = await scenario('stray_nuls');
    expect(result).toEqual({ bodies: ['after stray NULs'], errors: [] });
  });
});
