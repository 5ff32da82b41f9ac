/** Idle cost: K connections, each logged in with one subscription, held until the process ends. */
import type { DriverName } from '../drivers/index.js';
import { connectMany } from './connect.js';

export interface IdleJob {
  readonly url: string;
  readonly driver: DriverName;
  readonly connections: number;
}

export async function idle(job: IdleJob) {
  const clients = await connectMany(
    job.url,
    Array.from({ length: job.connections }, () => job.driver),
    200,
  );
  await Promise.all(clients.map((client, i) => client.subscribe(`bench.idle.t${i % 100}`, () => undefined)));
  return { connections: clients.length, hold: true };
}
