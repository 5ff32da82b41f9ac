/** Connecting many clients without a thundering herd: a few dozen handshakes at a time. */
import { type DriverName, driver } from '../drivers/index.js';
import type { BenchClient } from '../drivers/types.js';

export async function connectMany(url: string, names: readonly DriverName[], batch = 50): Promise<BenchClient[]> {
  const clients: BenchClient[] = [];
  for (let start = 0; start < names.length; start += batch) {
    const slice = names.slice(start, start + batch);
    clients.push(...(await Promise.all(slice.map((name) => driver(name).connect(url)))));
  }
  return clients;
}

/** `count` driver names cycling through `names` (cross-protocol subscriber sets). */
export function cycle(names: readonly DriverName[], count: number): DriverName[] {
  return Array.from({ length: count }, (_, i) => names[i % names.length] as DriverName);
}
