/**
 * A bystander session that must keep working while the fuzz sessions misbehave: a JSON-RPC
 * client subscribed to its own topic, which publishes and must receive both the reply and the
 * push. Generated inputs never name its topic.
 */
import WebSocket from 'ws';

export interface Sentinel {
  /** One publish round trip; rejects when the bystander no longer works. */
  check(): Promise<void>;
  close(): void;
}

const TOPIC = 'sentinel.b7e1c2';
const CHECK_TIMEOUT_MS = 15_000;

export async function startSentinel(url: string): Promise<Sentinel> {
  const socket = new WebSocket(url, ['jsonrpc']);
  const waiters = new Map<string, () => void>();
  let closedWith: number | undefined;
  socket.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString()) as { id?: number; method?: string; params?: { result?: unknown } };
    const key = message.method === 'subscription' ? `push:${String(message.params?.result)}` : `reply:${message.id}`;
    waiters.get(key)?.();
  });
  socket.on('close', (code) => {
    closedWith = code;
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let next = 0;
  const request = (method: string, params: unknown[], wait: string[]): Promise<void> => {
    const id = ++next;
    const keys = [`reply:${id}`, ...wait];
    const arrived = keys.map((key) => new Promise<void>((resolve) => waiters.set(key, resolve)));
    socket.send(JSON.stringify({ jsonrpc: '2.0', method, params, id }));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the sentinel got no answer to ${method} (socket closed: ${closedWith})`)),
        CHECK_TIMEOUT_MS,
      );
    });
    return Promise.race([Promise.all(arrived).then(() => undefined), late]).finally(() => {
      clearTimeout(timer);
      for (const key of keys) waiters.delete(key);
    });
  };
  await request('subscribe', [TOPIC], []);
  let round = 0;
  return {
    check: () => {
      round++;
      return request('publish', [TOPIC, `round ${round}`], [`push:round ${round}`]);
    },
    close: () => socket.close(),
  };
}
