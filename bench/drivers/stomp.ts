/** STOMP 1.2 over WebSocket, one frame per message: Junction and RabbitMQ Web-STOMP. */
import type WebSocket from 'ws';
import { awaitMessage, openSocket } from './socket.js';
import type { BenchClient, Driver } from './types.js';

export interface StompLogin {
  readonly login?: string;
  readonly passcode?: string;
  readonly host?: string;
}

function frame(command: string, headers: Record<string, string>, body = ''): string {
  let text = `${command}\n`;
  for (const [name, value] of Object.entries(headers)) text += `${name}:${value}\n`;
  return `${text}\n${body}\0`;
}

/** The value of one header in a raw frame, without parsing the rest. */
function header(text: string, name: string): string | undefined {
  const start = text.indexOf(`\n${name}:`);
  if (start === -1) return undefined;
  const from = start + name.length + 2;
  return text.slice(from, text.indexOf('\n', from));
}

class StompClient implements BenchClient {
  readonly #ws: WebSocket;
  readonly #handlers = new Map<string, (payload: string) => void>();
  #next = 0;

  constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.on('message', (data) => {
      const text = data.toString();
      if (!text.startsWith('MESSAGE')) return;
      const subscription = header(text, 'subscription');
      const handler = subscription === undefined ? undefined : this.#handlers.get(subscription);
      handler?.(text.slice(text.indexOf('\n\n') + 2, text.lastIndexOf('\0')));
    });
  }

  async subscribe(topic: string, onPayload: (payload: string) => void): Promise<void> {
    const id = `s${++this.#next}`;
    this.#handlers.set(id, onPayload);
    const receipt = `r${id}`;
    const confirmed = awaitMessage(this.#ws, (data) =>
      data.toString().includes(`receipt-id:${receipt}`) ? true : undefined,
    );
    this.#ws.send(frame('SUBSCRIBE', { id, destination: `/topic/${topic}`, ack: 'auto', receipt }));
    await confirmed;
  }

  publish(topic: string, payload: string): void {
    this.#ws.send(frame('SEND', { destination: `/topic/${topic}`, 'content-type': 'text/plain' }, payload));
  }

  close(): void {
    this.#ws.close();
  }
}

export function stompDriver(login: StompLogin = {}): Driver {
  return {
    name: 'stomp',
    async connect(url) {
      const ws = await openSocket(url, 'v12.stomp');
      const headers: Record<string, string> = { 'accept-version': '1.2', 'heart-beat': '0,0' };
      if (login.login !== undefined) headers.login = login.login;
      if (login.passcode !== undefined) headers.passcode = login.passcode;
      if (login.host !== undefined) headers.host = login.host;
      const connected = awaitMessage(ws, (data) => {
        const text = data.toString();
        if (text.startsWith('ERROR')) throw new Error(text);
        return text.startsWith('CONNECTED') ? true : undefined;
      });
      ws.send(frame('CONNECT', headers));
      await connected;
      return new StompClient(ws);
    },
  };
}
