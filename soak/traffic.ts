/**
 * Mixed soak traffic: a pool of clients per kind (STOMP over WebSocket and TCP, WAMP json and
 * msgpack, JSON-RPC) that join, subscribe, publish and call, and leave after a random lifetime
 * to be replaced by new ones. Two long-lived callees (WAMP, JSON-RPC) answer cross-protocol calls.
 */
import { type DriverName, driver } from '../bench/drivers/index.js';
import type { BenchClient } from '../bench/drivers/types.js';
import { connectStompTcp } from './stomp-tcp.js';

export type Kind = 'stomp' | 'stomp-tcp' | 'wamp.2.json' | 'wamp.2.msgpack' | 'jsonrpc';
export const KINDS: readonly Kind[] = ['stomp', 'stomp-tcp', 'wamp.2.json', 'wamp.2.msgpack', 'jsonrpc'];

/** Procedures the callers rotate through: server-side, a WAMP callee, a JSON-RPC callee. */
const PROCEDURES = ['soak.echo', 'soak.wamp.echo', 'soak.rpc.echo'];
const TICK_MS = 250;

export interface Counters {
  joins: number;
  leaves: number;
  published: number;
  delivered: number;
  calls: number;
  callErrors: number;
  joinErrors: number;
}

/** A small seeded PRNG (mulberry32), so two runs make the same choices. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Endpoints {
  readonly url: string;
  readonly tcpPort: number;
}

function connectKind(kind: Kind, endpoints: Endpoints): Promise<BenchClient> {
  if (kind === 'stomp-tcp') return connectStompTcp(endpoints.tcpPort);
  return driver(kind as DriverName).connect(endpoints.url);
}

export class Traffic {
  readonly counters: Counters = {
    joins: 0,
    leaves: 0,
    published: 0,
    delivered: 0,
    calls: 0,
    callErrors: 0,
    joinErrors: 0,
  };
  readonly #endpoints: Endpoints;
  readonly #perKind: number;
  readonly #random: () => number;
  readonly #live = new Set<BenchClient>();
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  #callees: BenchClient[] = [];
  #stopped = false;

  constructor(endpoints: Endpoints, perKind: number, seed = 1) {
    this.#endpoints = endpoints;
    this.#perKind = perKind;
    this.#random = prng(seed);
  }

  get clients(): number {
    return this.#live.size;
  }

  async start(): Promise<void> {
    const wampCallee = await connectKind('wamp.2.json', this.#endpoints);
    await wampCallee.registerEcho?.('soak.wamp.echo');
    const rpcCallee = await connectKind('jsonrpc', this.#endpoints);
    await rpcCallee.registerEcho?.('soak.rpc.echo');
    this.#callees = [wampCallee, rpcCallee];
    for (const kind of KINDS) for (let i = 0; i < this.#perKind; i++) this.#join(kind);
  }

  /** Stops every client; the broker should be left with no session. */
  stop(): void {
    this.#stopped = true;
    for (const timer of this.#timers) clearTimeout(timer);
    for (const client of [...this.#live, ...this.#callees]) client.close();
    this.#live.clear();
  }

  #later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (!this.#stopped) fn();
    }, ms);
    this.#timers.add(timer);
  }

  async #join(kind: Kind): Promise<void> {
    let client: BenchClient;
    try {
      client = await connectKind(kind, this.#endpoints);
      const delivered = () => void this.counters.delivered++;
      await client.subscribe(`soak.${kind}`, delivered);
      await client.subscribe('soak.all', delivered);
    } catch {
      this.counters.joinErrors++;
      this.#later(1000, () => void this.#join(kind));
      return;
    }
    if (this.#stopped) return client.close();
    this.counters.joins++;
    this.#live.add(client);
    const lifetime = 5_000 + this.#random() * 35_000;
    const leaveAt = Date.now() + lifetime;
    const tick = () => {
      if (Date.now() >= leaveAt) return this.#leave(kind, client);
      this.#traffic(kind, client);
      this.#later(TICK_MS, tick);
    };
    this.#later(this.#random() * TICK_MS, tick);
  }

  #leave(kind: Kind, client: BenchClient): void {
    this.#live.delete(client);
    client.close();
    this.counters.leaves++;
    this.#later(this.#random() * 1000, () => void this.#join(kind));
  }

  /** One tick of one client: a publish to its own kind's topic (1 in 10 to everyone), and a call. */
  #traffic(kind: Kind, client: BenchClient): void {
    const topic = this.#random() < 0.1 ? 'soak.all' : `soak.${kind}`;
    client.publish(topic, `${kind} ${Date.now()}`);
    this.counters.published++;
    if (client.call === undefined) return;
    const procedure = PROCEDURES[Math.floor(this.#random() * PROCEDURES.length)] as string;
    this.counters.calls++;
    client.call(procedure, 'ping').catch(() => void this.counters.callErrors++);
  }
}
