import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { defineProtocol, type MessageData, type ProtocolPlugin } from '../../src/plugin/index.js';
import { type StartedJunction, startJunction } from '../helpers/start-junction.js';
import { messages, openClient } from '../helpers/ws-client.js';

/** Answers every message with what the session got: its type and its text. */
function reporter(name: string, options: Partial<ProtocolPlugin>): ProtocolPlugin {
  return defineProtocol({
    name,
    tokens: [`${name}.v1`],
    ...options,
    createSession: (connection) => ({
      onMessage(data: MessageData) {
        const type = typeof data === 'string' ? 'string' : 'bytes';
        connection.send(JSON.stringify({ type, text: Buffer.from(data).toString() }));
      },
    }),
  });
}

const startsWithB = (first: MessageData): boolean =>
  (typeof first === 'string' ? first.charCodeAt(0) : first[0]) === 0x42;

let server: StartedJunction;
const sockets: WebSocket[] = [];

beforeAll(async () => {
  server = await startJunction({
    protocols: [reporter('bytes', { textAsBytes: true, detect: startsWithB }), reporter('strings', { fallback: true })],
  });
});
afterEach(() => {
  for (const ws of sockets.splice(0)) ws.close();
});
afterAll(async () => {
  await server.close();
});

async function client(protocol?: string) {
  const ws = await openClient(server.url, protocol);
  sockets.push(ws);
  return { ws, inbox: messages(ws) };
}

async function report(ws: WebSocket, inbox: ReturnType<typeof messages>, data: string | Buffer) {
  ws.send(data, { binary: typeof data !== 'string' });
  return JSON.parse(await inbox.next()) as { type: string; text: string };
}

describe('[plugin API] textAsBytes', () => {
  it('gives a plugin that parses bytes its text messages as their UTF-8 bytes', async () => {
    const { ws, inbox } = await client('bytes.v1');
    expect(await report(ws, inbox, 'héllo €')).toEqual({ type: 'bytes', text: 'héllo €' });
    expect(await report(ws, inbox, Buffer.from('binary'))).toEqual({ type: 'bytes', text: 'binary' });
  });

  it('gives other plugins text messages as strings', async () => {
    const { ws, inbox } = await client('strings.v1');
    expect(await report(ws, inbox, 'héllo €')).toEqual({ type: 'string', text: 'héllo €' });
    expect(await report(ws, inbox, Buffer.from('binary'))).toEqual({ type: 'bytes', text: 'binary' });
  });

  it('gives strings to a session picked by detect, on a connection that offered no token', async () => {
    const { ws, inbox } = await client();
    expect(await report(ws, inbox, 'Bonjour')).toEqual({ type: 'string', text: 'Bonjour' });
    expect(await report(ws, inbox, 'Bien')).toEqual({ type: 'string', text: 'Bien' });
  });
});
