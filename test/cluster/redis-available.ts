/**
 * Where the Redis tests find Redis: `JUNCTION_TEST_REDIS` or redis://127.0.0.1:6379. Without it
 * the suite is skipped loudly (test/helpers/needs.ts); CI starts redis-server and sets
 * JUNCTION_REQUIRE_ALL=1, so there an unreachable Redis fails the run.
 */
import { connect } from 'node:net';

export const REDIS_URL = process.env.JUNCTION_TEST_REDIS ?? 'redis://127.0.0.1:6379';

/** Whether something answers PING with PONG at `url`. */
export function redisAnswers(url: string, timeoutMs = 1000): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}
