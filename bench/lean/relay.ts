/**
 * The lean client of the bare relay (bench/servers/relay.ts): bodies only, no protocol. Fan-out:
 * every message reaches every other client. Request/response: the relay prefixes a caller's message
 * with `<slot>|` for the callee, which echoes it whole; the relay strips the prefix on the way back.
 */
import { BODY_BYTES, padBody, stampBody } from './body.js';
import { allocFrame, connectLean, encodeFrame, frameHeaderLength, type LeanSocket } from './socket.js';
import type { LeanClient, LeanDriver, OnBody } from './types.js';

const AT = frameHeaderLength(BODY_BYTES);
const template = allocFrame(BODY_BYTES, 1);
padBody(template, AT);

class LeanRelayClient implements LeanClient {
  socket!: LeanSocket;
  #onBody: OnBody | undefined;
  results: OnBody | undefined;
  #echo = false;

  onMessage(buf: Buffer, start: number, end: number): void {
    if (this.#echo) {
      this.socket.write(encodeFrame(buf.subarray(start, end)));
      return;
    }
    const at = end - start >= BODY_BYTES ? start : -1;
    if (this.results) this.results(buf, at);
    else this.#onBody?.(buf, at);
  }

  async subscribe(_topic: string, onBody: OnBody): Promise<void> {
    this.#onBody = onBody;
  }

  #stamped(kind: number, seq: number, source: number): Buffer {
    const frame = Buffer.from(template);
    stampBody(frame, AT, kind, seq, source);
    return frame;
  }

  publish(_topic: string, kind: number, seq: number, source: number): void {
    this.socket.writeNow(this.#stamped(kind, seq, source));
  }

  async registerEcho(): Promise<void> {
    this.#echo = true;
    this.socket.send('!callee');
  }

  call(_procedure: string, kind: number, seq: number, source: number): void {
    this.socket.write(this.#stamped(kind, seq, source));
  }

  close(): void {
    this.socket.close();
  }
}

export const leanRelay = (): LeanDriver => ({
  async connect(url) {
    const client = new LeanRelayClient();
    client.socket = await connectLean(url, undefined, (buf, start, end) => client.onMessage(buf, start, end));
    return client;
  },
});
