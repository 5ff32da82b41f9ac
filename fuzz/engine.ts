/**
 * The fuzz engine shared by `npm run fuzz` and the vitest slice: runs the codec and live
 * properties of the chosen protocols with one seed, against one broker in this process, with
 * a bystander session that must keep working. A failure names its seed and path, and how to
 * replay it.
 */
import fc from 'fast-check';
import { type FuzzBroker, startFuzzBroker } from './broker.js';
import { codecTargets } from './codec-targets.js';
import { type Listeners, startListeners } from './listeners.js';
import { baseline, liveTargets, verify } from './live-targets.js';
import { startSentinel } from './sentinel.js';
import { PROTOCOLS, type Protocol, type Target } from './target.js';

export const DEFAULT_SEED = 20261129;
/** Inputs per protocol: each codec of the protocol gets this many, and its live transports share as many. */
export const DEFAULT_COUNT = 100_000;
/** Live runs between two checks of the bystander session. */
const SENTINEL_EVERY = 100;

export interface FuzzOptions {
  readonly protocols?: readonly Protocol[];
  /** Only the target of this name (`stomp-tcp`, `wamp-codec-cbor`, …). */
  readonly target?: string;
  readonly count?: number;
  readonly seed?: number;
  /** fast-check's replay path of a failure (with its seed). */
  readonly path?: string;
  /** Called after each target. */
  readonly onTarget?: (result: TargetResult) => void;
}

export interface TargetResult {
  readonly target: string;
  readonly protocol: Protocol;
  readonly runs: number;
  readonly inputs: number;
  readonly ms: number;
  /** How the broker closed the live WebSocket sessions: close code → sessions. */
  readonly closeCodes: Readonly<Record<number, number>>;
  /** Realms on the broker afterwards (auto-created by the realm names sessions asked for). */
  readonly realms: number;
}

export const allTargets: readonly Target[] = [...codecTargets, ...liveTargets];

function runsFor(target: Target, count: number): number {
  if (codecTargets.includes(target)) return count;
  const transports = liveTargets.filter((t) => t.protocol === target.protocol).length;
  return Math.ceil(count / transports / target.inputsPerRun);
}

/** Sessions that are not fuzz sessions: the bystander and the listeners. */
const STANDING_SESSIONS = 6;

/** Waits until only the standing sessions are left: every fuzz session was released. */
async function drained(broker: FuzzBroker): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (broker.junction.sessionCount > STANDING_SESSIONS) {
    if (Date.now() > deadline) {
      throw new Error(`${broker.junction.sessionCount - STANDING_SESSIONS} fuzz session(s) never went away`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Throws when a standing session was disconnected. */
function standing(listeners: Listeners): void {
  const closed = listeners.closed();
  if (closed.length > 0) throw new Error(`the broker disconnected the ${closed.join(', ')}`);
}

async function runTarget(
  target: Target,
  broker: FuzzBroker,
  listeners: Listeners,
  options: FuzzOptions,
): Promise<TargetResult> {
  const sentinel = await startSentinel(broker.url);
  const seed = options.seed ?? DEFAULT_SEED;
  let inputs = 0;
  let liveRuns = 0;
  const closeCodes: Record<number, number> = {};
  const context = {
    broker,
    count: (n: number) => {
      inputs += n;
    },
    closed: (code: number) => {
      closeCodes[code] = (closeCodes[code] ?? 0) + 1;
    },
    checkpoint: async () => {
      if (++liveRuns % SENTINEL_EVERY !== 0) return;
      standing(listeners);
      await sentinel.check();
    },
  };
  const started = Date.now();
  const before = baseline(broker);
  const runs = runsFor(target, options.count ?? DEFAULT_COUNT);
  try {
    const property = target.property(context);
    const params = {
      seed,
      numRuns: runs,
      includeErrorInReport: true,
      ...(options.path === undefined ? {} : { path: options.path }),
    };
    await fc.assert(property as fc.IAsyncProperty<unknown[]>, params);
    await sentinel.check();
    standing(listeners);
    await drained(broker);
    // A crash after its run's close (a late promise) shows here at the latest.
    verify(broker, before);
  } catch (error) {
    const replay = `npm run fuzz -- --target ${target.name} --seed ${seed}`;
    throw new Error(`${target.name} failed (replay: ${replay} --path <path above>)\n${(error as Error).message}`, {
      cause: error,
    });
  } finally {
    sentinel.close();
  }
  return {
    target: target.name,
    protocol: target.protocol,
    runs,
    inputs,
    ms: Date.now() - started,
    closeCodes,
    realms: broker.junction.router.realmNames().length,
  };
}

/** Runs every selected target in order; throws at the first failure. */
export async function runFuzz(options: FuzzOptions = {}): Promise<TargetResult[]> {
  const protocols = options.protocols ?? PROTOCOLS;
  const targets = allTargets.filter(
    (t) => protocols.includes(t.protocol) && (options.target === undefined || t.name === options.target),
  );
  if (targets.length === 0) throw new Error(`no fuzz target named ${options.target}`);
  const broker = await startFuzzBroker();
  const listeners = await startListeners(broker.url);
  const results: TargetResult[] = [];
  try {
    for (const target of targets) {
      const result = await runTarget(target, broker, listeners, options);
      results.push(result);
      options.onTarget?.(result);
    }
  } finally {
    listeners.close();
    await broker.close();
  }
  return results;
}
