/**
 * Lean JSON-RPC 2.0 RPC (no subprotocol, first-message detection): a call is assembled from bytes,
 * and the broker's messages are told apart and their single value located from fixed positions,
 * without JSON.parse: the broker writes a response as `{"jsonrpc":"2.0","result":"<body>","id":<n>}`
 * and a request to the callee as `{"jsonrpc":"2.0","id":<n>,"method":"<procedure>","params":["<body>"]}`.
 * `register` and its answer are parsed in full.
 */
import { BODY_BYTES, padBody, stampBody } from './body.js';
import { allocFrame, connectLean, frameHeaderLength, type LeanSocket, TEXT } from './socket.js';
import type { LeanClient, LeanDriver, OnBody } from './types.js';

const HEAD = Buffer.from('{"jsonrpc":"2.0","id":');
const RESULT_HEAD = Buffer.from('{"jsonrpc":"2.0","result":"');
const PUSH_HEAD = Buffer.from('{"jsonrpc":"2.0","method":"subscription"');
const PUSH_END = Buffer.from('"}}');
const RESULT_KEY = Buffer.from(',"result":"');
const PARAMS_END = Buffer.from('"]}');
const QUOTE = 0x22;
const COMMA = 0x2c;

const startsWith = (buf: Buffer, start: number, end: number, head: Buffer): boolean =>
  end - start > head.length && buf.compare(head, 0, head.length, start, start + head.length) === 0;

class LeanJsonRpcClient implements LeanClient {
  socket!: LeanSocket;
  results: OnBody | undefined;
  #onPush: OnBody | undefined;
  readonly #publishTemplates = new Map<string, { frame: Buffer; at: number }>();
  #echo = false;
  #lastId = 0;
  #control: ((message: { id?: unknown; result?: unknown; error?: unknown }) => void) | undefined;

  onMessage(buf: Buffer, start: number, end: number): void {
    if (this.#onPush !== undefined && startsWith(buf, start, end, PUSH_HEAD)) {
      // {"jsonrpc":"2.0","method":"subscription","params":{"subscription":<n>,"topic":"…","result":"<body>"}}
      const at = end - PUSH_END.length - BODY_BYTES;
      this.#onPush(buf, buf[at - 1] === QUOTE && buf[end - 1] === 0x7d ? at : -1);
      return;
    }
    if (this.#control === undefined && startsWith(buf, start, end, RESULT_HEAD)) {
      // {"jsonrpc":"2.0","result":"<body>","id":<n>}
      const at = start + RESULT_HEAD.length;
      this.results?.(buf, buf[at + BODY_BYTES] === QUOTE ? at : -1);
      return;
    }
    if (this.#echo && startsWith(buf, start, end, HEAD) && buf[end - 1] === 0x7d && buf[end - 2] === 0x5d) {
      // {"jsonrpc":"2.0","id":<n>,"method":"<procedure>","params":["<body>"]}
      const idStart = start + HEAD.length;
      this.#answer(buf, idStart, buf.indexOf(COMMA, idStart), end - PARAMS_END.length - BODY_BYTES);
      return;
    }
    const message = JSON.parse(buf.toString('utf8', start, end)) as { id?: unknown };
    if (this.#control !== undefined) this.#control(message);
    else this.results?.(buf, -1); // an error response (or anything unexpected) for a call
  }

  /** `{"jsonrpc":"2.0","id":<id>,"result":"<body>"}` for the request whose id and body are given. */
  #answer(buf: Buffer, idStart: number, idEnd: number, body: number): void {
    const length = HEAD.length + (idEnd - idStart) + RESULT_KEY.length + BODY_BYTES + 2;
    const frame = allocFrame(length, TEXT);
    let pos = frameHeaderLength(length);
    pos += HEAD.copy(frame, pos);
    pos += buf.copy(frame, pos, idStart, idEnd);
    pos += RESULT_KEY.copy(frame, pos);
    pos += buf.copy(frame, pos, body, body + BODY_BYTES);
    frame.write('"}', pos, 'latin1');
    this.socket.write(frame);
  }

  request(method: string, params: unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to ${method} within 60 s`)), 60_000);
      this.#control = (answer) => {
        clearTimeout(timer);
        this.#control = undefined;
        if (answer.error === undefined) resolve(answer.result);
        else reject(new Error(`${method}: ${JSON.stringify(answer.error).slice(0, 200)}`));
      };
      this.socket.send(JSON.stringify({ jsonrpc: '2.0', id: ++this.#lastId, method, params }), TEXT);
    });
  }

  async subscribe(topic: string, onBody: OnBody): Promise<void> {
    await this.request('subscribe', [topic]);
    this.#onPush = onBody;
  }

  /** A notification (no response), one frame per write as the other publishers send. */
  publish(topic: string, kind: number, seq: number, source: number): void {
    let template = this.#publishTemplates.get(topic);
    if (template === undefined) {
      const head = `{"jsonrpc":"2.0","method":"publish","params":[${JSON.stringify(topic)},"`;
      const length = head.length + BODY_BYTES + PARAMS_END.length;
      const frame = allocFrame(length, TEXT);
      const at = frameHeaderLength(length) + head.length;
      frame.write(head, at - head.length, 'latin1');
      padBody(frame, at);
      PARAMS_END.copy(frame, at + BODY_BYTES);
      template = { frame, at };
      this.#publishTemplates.set(topic, template);
    }
    const frame = Buffer.from(template.frame);
    stampBody(frame, template.at, kind, seq, source);
    this.socket.writeNow(frame);
  }

  async registerEcho(procedure: string): Promise<void> {
    await this.request('register', [procedure]);
    this.#echo = true;
  }

  call(procedure: string, kind: number, seq: number, source: number): void {
    const head = `{"jsonrpc":"2.0","id":${++this.#lastId},"method":${JSON.stringify(procedure)},"params":["`;
    const length = head.length + BODY_BYTES + PARAMS_END.length;
    const frame = allocFrame(length, TEXT);
    const at = frameHeaderLength(length) + head.length;
    frame.write(head, at - head.length, 'latin1');
    padBody(frame, at);
    PARAMS_END.copy(frame, at + BODY_BYTES);
    stampBody(frame, at, kind, seq, source);
    this.socket.write(frame);
  }

  close(): void {
    this.socket.close();
  }
}

export const leanJsonRpc = (): LeanDriver => ({
  async connect(url) {
    const client = new LeanJsonRpcClient();
    client.socket = await connectLean(url, undefined, (buf, start, end) => client.onMessage(buf, start, end));
    return client;
  },
});
