/**
 * Where the Redis tests find Redis: `JUNCTION_TEST_REDIS` or redis://127.0.0.1:6379. CI starts
 * redis-server (.ci/run), so an unreachable Redis fails the run loudly instead of skipping it.
 */
import { connect } from 'node:net';
import { describe, it } from 'vitest';

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

/** Registers a failing test that says why the Redis suite could not run. */
export function failWithoutRedis(suite: string): void {
  describe(suite, () => {
    it(`needs Redis at ${REDIS_URL} (start redis-server or set JUNCTION_TEST_REDIS)`, () => {
      throw new Error(`Redis is not reachable at ${REDIS_URL}: the Redis suite must not be skipped`);
    });
  });
}
