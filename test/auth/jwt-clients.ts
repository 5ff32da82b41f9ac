/**
 * Each way a client presents a token, driven by a real client: @stomp/stompjs (`passcode`, no
 * `login`), STOMP over TCP (`login:token`), autobahn (WAMP ticket, json and msgpack), raw `ws`
 * JSON-RPC (`login` with `{token}`), and the upgrade's `Authorization: Bearer` and `?token=`.
 * Each resolves with who the broker says the client is, or with how it was refused.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { Client, type IFrame } from '@stomp/stompjs';
import autobahn, { type Session } from 'autobahn';
import WebSocket from 'ws';
import type { Frame } from '../../protocols/stomp/frame.js';
import { header } from '../../protocols/stomp/frame.js';
import { FrameParser } from '../../protocols/stomp/parser.js';
import { type JsonRpcPeer, jsonRpcPeer } from '../helpers/jsonrpc-peer.js';

export type Outcome =
  | { readonly ok: true; readonly authid: string; readonly authrole?: string; close(): Promise<void> | void }
  | { readonly ok: false; readonly refusal: string };

const refused = (refusal: string): Outcome => ({ ok: false, refusal });

/** @stomp/stompjs over WebSocket: the token as `passcode`, no `login`. */
export function stompjsLogin(
  url: string,
  token: string,
  watch: { onError?: (frame: IFrame) => void; onClose?: (code: number, reason: string) => void } = {},
): Promise<Outcome> {
  return new Promise((resolve) => {
    const client = new Client({
      webSocketFactory: () => new WebSocket(url, ['v12.stomp']),
      connectHeaders: { passcode: token },
      reconnectDelay: 0,
      heartbeatIncoming: 0,
      heartbeatOutgoing: 0,
      onWebSocketClose: (event: { code: number; reason: string }) => watch.onClose?.(event.code, event.reason),
    });
    client.onConnect = (frame) =>
      resolve({ ok: true, authid: frame.headers['user-name'] ?? '', close: () => client.deactivate() });
    client.onStompError = (frame) => {
      watch.onError?.(frame);
      resolve(refused(`${frame.headers.message}: ${frame.body}`));
      void client.deactivate();
    };
    client.activate();
  });
}

export interface TcpStomp {
  readonly socket: Socket;
  readonly frames: Frame[];
  readonly closed: Promise<void>;
}

/** Opens a raw STOMP-over-TCP connection and sends CONNECT with `login:token` and the token as passcode. */
export function tcpStompConnect(port: number, token: string): Promise<TcpStomp> {
  return new Promise((resolve, reject) => {
    const parser = new FrameParser({ maxFrameSize: 1 << 20, maxHeaders: 100, maxHeaderLength: 16_384 });
    const frames: Frame[] = [];
    const socket = netConnect(port, '127.0.0.1');
    const closed = new Promise<void>((done) => socket.on('close', () => done()));
    socket.on('data', (data) => {
      parser.push(new Uint8Array(data));
      for (let event = parser.next(); event; event = parser.next()) if (event.frame) frames.push(event.frame);
    });
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.write(`CONNECT\naccept-version:1.2\nhost:localhost\nlogin:token\npasscode:${token}\n\n\0`);
      resolve({ socket, frames, closed });
    });
  });
}

export async function firstFrame(stomp: TcpStomp, timeoutMs = 10_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (stomp.frames.length === 0) {
    if (Date.now() > deadline) throw new Error('no STOMP frame in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return stomp.frames[0] as Frame;
}

const text = (frame: Frame): string => new TextDecoder().decode(frame.body);

/** STOMP over TCP: `login:token`, the token as `passcode`. */
export async function tcpStompLogin(port: number, token: string): Promise<Outcome> {
  const stomp = await tcpStompConnect(port, token);
  const frame = await firstFrame(stomp);
  if (frame.command !== 'CONNECTED') return refused(`${header(frame, 'message')}: ${text(frame)}`);
  return {
    ok: true,
    authid: header(frame, 'user-name') ?? '',
    close: () => {
      stomp.socket.end('DISCONNECT\n\n\0');
      return stomp.closed;
    },
  };
}

export interface WampLogin {
  readonly outcome: Outcome;
  readonly session?: Session;
  /** Resolves with the close reason (the GOODBYE or ABORT URI) once the connection closes. */
  readonly closed: Promise<string>;
}

/** autobahn: the token as the WAMP `ticket`, with no authid unless one is given. */
export function wampLogin(
  url: string,
  serializer: 'json' | 'msgpack',
  token: string,
  authid?: string,
): Promise<WampLogin> {
  const connection = new autobahn.Connection({
    url,
    realm: 'realm1',
    protocols: [`wamp.2.${serializer}`],
    serializers: [
      serializer === 'json' ? new autobahn.serializer.JSONSerializer() : new autobahn.serializer.MsgpackSerializer(),
    ],
    max_retries: 0,
    retry_if_unreachable: false,
    authmethods: ['ticket'],
    ...(authid !== undefined && { authid }),
    onchallenge: () => token,
  });
  let resolveClosed: (reason: string) => void = () => {};
  const closed = new Promise<string>((done) => {
    resolveClosed = done;
  });
  return new Promise((resolve) => {
    connection.onopen = (session, welcome) => {
      const details = welcome as { authid: string; authrole: string };
      const close = async () => {
        if (connection.session?.isOpen) connection.close();
        await closed;
      };
      resolve({ outcome: { ok: true, authid: details.authid, authrole: details.authrole, close }, session, closed });
    };
    connection.onclose = (reason, details) => {
      const why = details.reason ?? reason;
      resolveClosed(why);
      resolve({ outcome: refused(why), closed });
      return true; // never retry
    };
    connection.open();
  });
}

/** Raw `ws` JSON-RPC: `login` with `{token}`. */
export async function jsonrpcLogin(url: string, token: string): Promise<Outcome & { peer: JsonRpcPeer }> {
  const peer = await jsonRpcPeer(url);
  const answer = await peer.request('login', { token });
  if (answer.error) return { ok: false, refusal: `${answer.error.code} ${answer.error.message}`, peer };
  const result = answer.result as { authid: string; authrole: string };
  return { ok: true, ...result, close: () => peer.close(), peer };
}

/**
 * The token on the upgrade (`Authorization: Bearer` or `?token=`) of a STOMP connection whose
 * CONNECT carries no credentials: CONNECTED's `user-name` is the upgrade's identity.
 */
export function upgradeLogin(url: string, token: string, how: 'bearer' | 'query'): Promise<Outcome> {
  const target = new URL(url);
  if (how === 'query') target.searchParams.set('token', token);
  const headers = how === 'bearer' ? { authorization: `Bearer ${token}` } : {};
  return new Promise((resolve) => {
    const ws = new WebSocket(target.href, ['v12.stomp'], { headers });
    // With this listener ws leaves the response to us: the broker closes the socket after it.
    ws.once('unexpected-response', (_req, res) => {
      resolve(refused(`HTTP ${res.statusCode}`));
      res.resume();
    });
    ws.once('open', () => ws.send('CONNECT\naccept-version:1.2\nhost:localhost\n\n\0'));
    ws.once('message', (data) => {
      const lines = data.toString().split('\n');
      const userName = lines.find((line) => line.startsWith('user-name:'))?.slice('user-name:'.length);
      if (lines[0] !== 'CONNECTED') resolve(refused(lines[0] ?? ''));
      else resolve({ ok: true, authid: userName ?? '', close: () => ws.close() });
    });
  });
}
