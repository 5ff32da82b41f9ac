/** Small helpers around a real `ws` client for end-to-end tests. */
import { request } from 'node:http';
import type { Socket } from 'node:net';
import WebSocket, { type ClientOptions } from 'ws';

/** Opens a client and resolves once it is open (rejects on an HTTP error response). */
export function openClient(url: string, protocols?: string | string[], options?: ClientOptions): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, options);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Resolves with the close code and reason. */
export function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    if (ws.readyState === WebSocket.CLOSED) return resolve({ code: 1006, reason: '' });
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
}

/** Collects text messages; `next()` resolves with the next one. */
export function messages(ws: WebSocket) {
  const queue: string[] = [];
  const waiters: ((text: string) => void)[] = [];
  ws.on('message', (data) => {
    const text = data.toString();
    const waiter = waiters.shift();
    if (waiter) waiter(text);
    else queue.push(text);
  });
  const inbox = {
    all: queue,
    /** Skips messages until one satisfies `predicate`. */
    async find(predicate: (text: string) => boolean, timeoutMs = 10_000): Promise<string> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const text = await inbox.next(Math.max(1, deadline - Date.now()));
        if (predicate(text)) return text;
      }
    },
    next(timeoutMs = 10_000): Promise<string> {
      const queued = queue.shift();
      if (queued !== undefined) return Promise.resolve(queued);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no message within timeout')), timeoutMs);
        waiters.push((text) => {
          clearTimeout(timer);
          resolve(text);
        });
      });
    },
  };
  return inbox;
}

/** The HTTP response to an upgrade that was refused: status and body. */
export function refusedUpgrade(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const target = new URL(url.replace(/^ws/, 'http'));
  return new Promise((resolve, reject) => {
    const req = request(target, {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        ...headers,
      },
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 101, body: '', headers: res.headers });
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Completes an upgrade on a raw TCP socket and then never reads from it: a client that has
 * stopped reading (a slow consumer) or that never answers a close frame.
 */
export function stalledClient(url: string, protocol: string): Promise<Socket> {
  const target = new URL(url.replace(/^ws/, 'http'));
  return new Promise((resolve, reject) => {
    const req = request(target, {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        'sec-websocket-protocol': protocol,
      },
    });
    req.on('upgrade', (_res, socket) => {
      socket.pause();
      resolve(socket);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Plain HTTP GET: status and parsed JSON body. */
export async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url.replace(/^ws/, 'http'));
  return { status: response.status, body: await response.json() };
}
