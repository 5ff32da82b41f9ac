/**
 * Lean WAMP v2 RPC and fan-out (wamp.2.json, wamp.2.msgpack): CALL, PUBLISH and YIELD are
 * assembled from bytes; RESULT, EVENT and INVOCATION are only type-checked and their single
 * argument located from the message end
 * (it is the last element: `...,["<body>"]]` in JSON, `... 0x91 0xd9 len <body>` in msgpack).
 * HELLO, REGISTER and their answers go through the full codec.
 */
import { decode, encode } from '@msgpack/msgpack';
import { MessageCode } from '../../protocols/wamp/messages.js';
import { BODY_BYTES, padBody, stampBody } from './body.js';
import { allocFrame, BINARY, connectLean, frameHeaderLength, type LeanSocket, TEXT } from './socket.js';
import type { LeanClient, LeanDriver, OnBody } from './types.js';

const { WELCOME, PUBLISH, SUBSCRIBE, SUBSCRIBED, EVENT, CALL, RESULT, REGISTER, REGISTERED, INVOCATION, YIELD } =
  MessageCode;

interface Format {
  readonly token: string;
  readonly opcode: number;
  encode(message: unknown[]): Buffer;
  decode(buf: Buffer, start: number, end: number): unknown[];
  /** The message type, read without decoding. */
  type(buf: Buffer, start: number): number;
  /** Where the single argument's body starts, or -1 if the message does not end with one. */
  body(buf: Buffer, start: number, end: number): number;
  /** A CALL (or PUBLISH: `[code, id, {}, uri, [body]]`) frame with an unstamped body, and the body's offset. */
  call(id: number, procedure: string, code?: number): { frame: Buffer; at: number };
  /** The YIELD frame answering an INVOCATION with its own arguments. */
  yieldFor(buf: Buffer, start: number, end: number): Buffer;
}

const OPEN = Buffer.from('["');
const CLOSE = Buffer.from('"]]');

const json: Format = {
  token: 'wamp.2.json',
  opcode: TEXT,
  encode: (message) => Buffer.from(JSON.stringify(message)),
  decode: (buf, start, end) => JSON.parse(buf.toString('utf8', start, end)) as unknown[],
  type(buf, start) {
    let value = 0;
    for (let i = start + 1; ; i++) {
      const digit = (buf[i] as number) - 48;
      if (digit < 0 || digit > 9) return value;
      value = value * 10 + digit;
    }
  },
  body(buf, start, end) {
    const at = end - CLOSE.length - BODY_BYTES;
    if (at - OPEN.length < start || buf[end - 1] !== 0x5d || buf[at - 1] !== 0x22 || buf[at - 2] !== 0x5b) return -1;
    return at;
  },
  call(id, procedure, code = CALL) {
    const head = `[${code},${id},{},${JSON.stringify(procedure)},["`;
    const length = head.length + BODY_BYTES + CLOSE.length;
    const frame = allocFrame(length, TEXT);
    const at = frameHeaderLength(length) + head.length;
    frame.write(head, at - head.length, 'latin1');
    padBody(frame, at);
    CLOSE.copy(frame, at + BODY_BYTES);
    return { frame, at };
  },
  yieldFor(buf, start, end) {
    // [68,<request>,<registration>,{…},["<body>"]] → [70,<request>,{},["<body>"]]
    const idStart = start + 4;
    const idEnd = buf.indexOf(0x2c, idStart);
    const args = end - CLOSE.length - BODY_BYTES - OPEN.length;
    const length = 4 + (idEnd - idStart) + 4 + (end - args);
    const frame = allocFrame(length, TEXT);
    let pos = frameHeaderLength(length);
    pos += frame.write(`[${YIELD},`, pos, 'latin1');
    pos += buf.copy(frame, pos, idStart, idEnd);
    pos += frame.write(',{},', pos, 'latin1');
    buf.copy(frame, pos, args, end);
    return frame;
  },
};

/** msgpack str header for a BODY_BYTES string (str8: 0xd9 len). */
const STR8 = 0xd9;

/** Bytes of a msgpack integer starting with `first` (positive fixint, uint8-64, int8-64). */
function intBytes(first: number): number {
  if (first < 0x80 || first >= 0xe0) return 1;
  if (first === 0xcc || first === 0xd0) return 2;
  if (first === 0xcd || first === 0xd1) return 3;
  if (first === 0xce || first === 0xd2) return 5;
  return 9;
}

const msgpack: Format = {
  token: 'wamp.2.msgpack',
  opcode: BINARY,
  encode: (message) => Buffer.from(encode(message)),
  decode: (buf, start, end) => decode(buf.subarray(start, end)) as unknown[],
  type: (buf, start) => buf[start + 1] as number, // fixarray, then the type as a positive fixint
  body(buf, start, end) {
    const at = end - BODY_BYTES;
    if (at - 3 < start || buf[at - 2] !== STR8 || buf[at - 1] !== BODY_BYTES || buf[at - 3] !== 0x91) return -1;
    return at;
  },
  call(id, procedure, code = CALL) {
    // [48, id (uint32), {}, procedure, [body]]
    const uri = Buffer.from(encode(procedure));
    const length = 8 + uri.length + 3 + BODY_BYTES;
    const frame = allocFrame(length, BINARY);
    let pos = frameHeaderLength(length);
    frame[pos++] = 0x95;
    frame[pos++] = code;
    frame[pos++] = 0xce;
    pos = frame.writeUInt32BE(id >>> 0, pos);
    frame[pos++] = 0x80;
    pos += uri.copy(frame, pos);
    frame[pos++] = 0x91;
    frame[pos++] = STR8;
    frame[pos++] = BODY_BYTES;
    padBody(frame, pos);
    return { frame, at: pos };
  },
  yieldFor(buf, start, end) {
    // [68, request, registration, {…}, [body]] → [70, request, {}, [body]]
    const idStart = start + 2;
    const idEnd = idStart + intBytes(buf[idStart] as number);
    const args = end - BODY_BYTES - 3;
    const length = 2 + (idEnd - idStart) + 1 + (end - args);
    const frame = allocFrame(length, BINARY);
    let pos = frameHeaderLength(length);
    frame[pos++] = 0x94;
    frame[pos++] = YIELD;
    pos += buf.copy(frame, pos, idStart, idEnd);
    frame[pos++] = 0x80;
    buf.copy(frame, pos, args, end);
    return frame;
  },
};

class LeanWampClient implements LeanClient {
  socket!: LeanSocket;
  results: OnBody | undefined;
  #onEvent: OnBody | undefined;
  readonly #format: Format;
  #echo = false;
  #lastId = 0;
  #control: ((message: unknown[]) => void) | undefined;

  constructor(format: Format) {
    this.#format = format;
  }

  onMessage(buf: Buffer, start: number, end: number): void {
    const format = this.#format;
    const type = format.type(buf, start);
    if (type === EVENT && this.#onEvent) this.#onEvent(buf, format.body(buf, start, end));
    else if (type === RESULT && this.results) this.results(buf, format.body(buf, start, end));
    else if (type === INVOCATION && this.#echo) this.socket.write(format.yieldFor(buf, start, end));
    else this.#onControl(format.decode(buf, start, end), buf);
  }

  #onControl(message: unknown[], buf: Buffer): void {
    if (this.#control) this.#control(message);
    else this.results?.(buf, -1); // an ERROR (or anything unexpected) for a call
  }

  request(message: unknown[], expected: number): Promise<unknown[]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no WAMP answer within 60 s')), 60_000);
      this.#control = (answer) => {
        clearTimeout(timer);
        this.#control = undefined;
        if (answer[0] === expected) resolve(answer);
        else reject(new Error(`expected ${expected}, got ${JSON.stringify(answer).slice(0, 200)}`));
      };
      this.socket.send(this.#format.encode(message), this.#format.opcode);
    });
  }

  async registerEcho(procedure: string): Promise<void> {
    await this.request([REGISTER, ++this.#lastId, {}, procedure], REGISTERED);
    this.#echo = true;
  }

  async subscribe(topic: string, onBody: OnBody): Promise<void> {
    await this.request([SUBSCRIBE, ++this.#lastId, {}, topic], SUBSCRIBED);
    this.#onEvent = onBody;
  }

  /** One frame per write, uncorked, as the STOMP publisher and the reference generator send. */
  publish(topic: string, kind: number, seq: number, source: number): void {
    const { frame, at } = this.#format.call(++this.#lastId, topic, PUBLISH);
    stampBody(frame, at, kind, seq, source);
    this.socket.writeNow(frame);
  }

  call(procedure: string, kind: number, seq: number, source: number): void {
    const { frame, at } = this.#format.call(++this.#lastId, procedure);
    stampBody(frame, at, kind, seq, source);
    this.socket.write(frame);
  }

  close(): void {
    this.socket.close();
  }
}

function leanWamp(format: Format): LeanDriver {
  return {
    async connect(url) {
      const client = new LeanWampClient(format);
      client.socket = await connectLean(url, format.token, (buf, start, end) => client.onMessage(buf, start, end));
      const roles = { caller: {}, callee: {}, publisher: {}, subscriber: {} };
      await client.request([1, 'realm1', { roles }], WELCOME);
      return client;
    },
  };
}

export const leanWampJson = (): LeanDriver => leanWamp(json);
export const leanWampMsgpack = (): LeanDriver => leanWamp(msgpack);
