/** Lean STOMP 1.2 over WebSocket: pre-encoded SEND frames, MESSAGE bodies located, not parsed. */
import { BODY_BYTES, padBody, stampBody } from './body.js';
import { allocFrame, connectLean, frameHeaderLength, type LeanSocket } from './socket.js';
import type { LeanClient, LeanDriver, OnBody } from './types.js';

const NUL = 0;
const M = 0x4d;
const HEADER_END = Buffer.from('\n\n');
/**
 * Subscription ids are distinct across the generator's clients, as in the reference generator:
 * with one id for all, every subscriber's MESSAGE frame would be byte-identical and a broker may
 * encode it once, a cheaper workload than subscribers that each name their own subscription.
 */
let lastSubscription = 0;

export interface LeanStompLogin {
  readonly login?: string;
  readonly passcode?: string;
  readonly host?: string;
}

class LeanStompClient implements LeanClient {
  socket!: LeanSocket;
  #onBody: OnBody | undefined;
  #control: ((text: string) => void) | undefined;
  readonly #templates = new Map<string, { frame: Buffer; at: number }>();

  /** Walks the frames of one WebSocket message; only MESSAGE bodies are looked at. */
  onMessage(buf: Buffer, start: number, end: number): void {
    let pos = start;
    while (pos < end) {
      const first = buf[pos];
      if (first === 10 || first === 13) {
        pos++; // heart-beat EOL
        continue;
      }
      const headerEnd = buf.indexOf(HEADER_END, pos);
      if (headerEnd === -1 || headerEnd >= end) return;
      let frameEnd = buf.indexOf(NUL, headerEnd + 2);
      if (frameEnd === -1 || frameEnd > end) frameEnd = end;
      if (first === M) this.#onBody?.(buf, frameEnd - (headerEnd + 2) >= BODY_BYTES ? headerEnd + 2 : -1);
      else this.#control?.(buf.toString('utf8', pos, frameEnd));
      pos = frameEnd + 1;
    }
  }

  awaitControl(accept: (text: string) => boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no STOMP answer within 60 s')), 60_000);
      this.#control = (text) => {
        if (text.startsWith('ERROR')) reject(new Error(text));
        else if (!accept(text)) return;
        clearTimeout(timer);
        this.#control = undefined;
        resolve();
      };
    });
  }

  async subscribe(topic: string, onBody: OnBody): Promise<void> {
    this.#onBody = onBody;
    const id = `sub-${++lastSubscription}`;
    const confirmed = this.awaitControl((text) => text.includes(`receipt-id:${id}`));
    this.socket.send(`SUBSCRIBE\nid:${id}\ndestination:/topic/${topic}\nack:auto\nreceipt:${id}\n\n\0`);
    await confirmed;
  }

  publish(topic: string, kind: number, seq: number, source: number): void {
    let template = this.#templates.get(topic);
    if (!template) {
      const head = `SEND\ndestination:/topic/${topic}\ncontent-type:text/plain\ncontent-length:${BODY_BYTES}\n\n`;
      const frame = allocFrame(head.length + BODY_BYTES + 1, 1);
      const at = frameHeaderLength(head.length + BODY_BYTES + 1);
      frame.write(head, at, 'latin1');
      padBody(frame, at + head.length);
      frame[frame.length - 1] = NUL;
      template = { frame, at: at + head.length };
      this.#templates.set(topic, template);
    }
    const frame = Buffer.from(template.frame);
    stampBody(frame, template.at, kind, seq, source);
    this.socket.writeNow(frame);
  }

  close(): void {
    this.socket.close();
  }
}

export function leanStomp(login: LeanStompLogin = {}): LeanDriver {
  return {
    async connect(url) {
      const client = new LeanStompClient();
      client.socket = await connectLean(url, 'v12.stomp', (buf, start, end) => client.onMessage(buf, start, end));
      let headers = 'accept-version:1.2\nheart-beat:0,0\n';
      if (login.login !== undefined) headers += `login:${login.login}\npasscode:${login.passcode ?? ''}\n`;
      if (login.host !== undefined) headers += `host:${login.host}\n`;
      const connected = client.awaitControl((text) => text.startsWith('CONNECTED'));
      client.socket.send(`CONNECT\n${headers}\n\0`);
      await connected;
      return client;
    },
  };
}
