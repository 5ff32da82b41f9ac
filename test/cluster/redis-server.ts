/** A private redis-server on a spare loopback port, which a test may stop and restart at will. */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createClient } from 'redis';
import { redisAnswers } from './redis-available.js';

async function sparePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export class RedisServer {
  readonly port: number;
  readonly url: string;
  #process: ChildProcess | undefined;

  private constructor(port: number) {
    this.port = port;
    this.url = `redis://127.0.0.1:${port}`;
  }

  static async start(): Promise<RedisServer> {
    const server = new RedisServer(await sparePort());
    await server.start();
    return server;
  }

  /** Starts (or restarts) redis-server on the same port; resolves once it answers PING. */
  async start(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
    this.#process = spawn('redis-server', args, { stdio: 'ignore' });
    const deadline = Date.now() + 5000;
    while (!(await redisAnswers(this.url, 200))) {
      if (Date.now() > deadline) throw new Error(`redis-server did not start on ${this.port}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Kills the server (no clean shutdown, like a crash) and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.#process;
    this.#process = undefined;
    if (child === undefined || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** Freezes the server (SIGSTOP): connections stay open, nothing is answered. */
  pause(): void {
    this.#process?.kill('SIGSTOP');
  }

  /** Lets a paused server run again (SIGCONT). */
  resume(): void {
    this.#process?.kill('SIGCONT');
  }

  /** PUBSUB NUMSUB for `channels` and PUBSUB NUMPAT, asked on a fresh connection. */
  async pubsub(channels: string[]): Promise<{ numsub: Record<string, number>; numpat: number }> {
    const client = createClient({ url: this.url });
    client.on('error', () => {});
    await client.connect();
    try {
      const numsub = (await client.pubSubNumSub(channels)) as Record<string, number>;
      const numpat = await client.pubSubNumPat();
      return { numsub, numpat: Number(numpat) };
    } finally {
      await client.close();
    }
  }
}
