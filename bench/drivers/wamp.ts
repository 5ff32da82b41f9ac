/** WAMP v2 over wamp.2.json or wamp.2.msgpack: pub/sub and an echo callee/caller. */
import { decode, encode } from '@msgpack/msgpack';
import type WebSocket from 'ws';
import { MessageCode } from '../../protocols/wamp/messages.js';
import { awaitMessage, openSocket } from './socket.js';
import type { BenchClient, Driver } from './types.js';

type Message = unknown[];

const { HELLO, WELCOME, PUBLISH, SUBSCRIBE, SUBSCRIBED, EVENT, CALL, RESULT, REGISTER, REGISTERED, INVOCATION, YIELD } =
  MessageCode;

interface Codec {
  readonly token: string;
  encode(message: Message): string | Uint8Array;
  decode(data: WebSocket.RawData): Message;
}

const json: Codec = {
  token: 'wamp.2.json',
  encode: (message) => JSON.stringify(message),
  decode: (data) => JSON.parse(data.toString()) as Message,
};

const msgpack: Codec = {
  token: 'wamp.2.msgpack',
  encode: (message) => encode(message),
  decode: (data) => decode(data as Buffer) as Message,
};

class WampClient implements BenchClient {
  readonly #ws: WebSocket;
  readonly #codec: Codec;
  readonly #events = new Map<number, (payload: string) => void>();
  readonly #pending = new Map<number, (message: Message) => void>();
  #lastRequest = 0;

  constructor(ws: WebSocket, codec: Codec) {
    this.#ws = ws;
    this.#codec = codec;
    ws.on('message', (data) => this.#onMessage(codec.decode(data)));
  }

  #onMessage(message: Message): void {
    const [type, first] = message as [number, number];
    if (type === EVENT) this.#events.get(first)?.((message[4] as string[])[0] as string);
    else if (type === INVOCATION) this.#send([YIELD, first, {}, message[4]]);
    else this.#pending.get(first)?.(message);
  }

  #send(message: Message): void {
    this.#ws.send(this.#codec.encode(message));
  }

  #request(message: (id: number) => Message): Promise<Message> {
    const id = ++this.#lastRequest;
    return new Promise((resolve) => {
      this.#pending.set(id, (answer) => {
        this.#pending.delete(id);
        resolve(answer);
      });
      this.#send(message(id));
    });
  }

  async subscribe(topic: string, onPayload: (payload: string) => void): Promise<void> {
    const answer = await this.#request((id) => [SUBSCRIBE, id, {}, topic]);
    if (answer[0] !== SUBSCRIBED) throw new Error(`subscribe failed: ${JSON.stringify(answer)}`);
    this.#events.set(answer[2] as number, onPayload);
  }

  publish(topic: string, payload: string): void {
    this.#send([PUBLISH, ++this.#lastRequest, {}, topic, [payload]]);
  }

  async registerEcho(procedure: string): Promise<void> {
    const answer = await this.#request((id) => [REGISTER, id, {}, procedure]);
    if (answer[0] !== REGISTERED) throw new Error(`register failed: ${JSON.stringify(answer)}`);
  }

  async call(procedure: string, payload: string): Promise<string> {
    const answer = await this.#request((id) => [CALL, id, {}, procedure, [payload]]);
    if (answer[0] !== RESULT) throw new Error(`call failed: ${JSON.stringify(answer)}`);
    return (answer[3] as string[])[0] as string;
  }

  close(): void {
    this.#ws.close();
  }
}

function wampDriver(codec: Codec): Driver {
  return {
    name: codec.token,
    async connect(url) {
      const ws = await openSocket(url, codec.token);
      const welcome = awaitMessage(ws, (data) => {
        const message = codec.decode(data);
        if (message[0] !== WELCOME) throw new Error(`no WELCOME: ${JSON.stringify(message)}`);
        return true;
      });
      const roles = { publisher: {}, subscriber: {}, caller: {}, callee: {} };
      ws.send(codec.encode([HELLO, 'realm1', { roles }]));
      await welcome;
      return new WampClient(ws, codec);
    },
  };
}

export const wampJsonDriver = (): Driver => wampDriver(json);
export const wampMsgpackDriver = (): Driver => wampDriver(msgpack);
