/**
 * What the router counts for operators: publishes, deliveries and calls per protocol, and call
 * durations. Plain integers in objects the hot path already holds (a session handle, a
 * subscriber, a call), so counting costs an increment; a metrics exporter reads them when it is
 * scraped. Labels stay bounded: protocols are plugin names, outcomes a fixed set.
 */
import { ErrorUri, type RouterError } from './types.js';

/** How a call ended for its caller; `refused` never started (no callee, invalid URI, a contract, a limit). */
export const CALL_OUTCOMES = ['ok', 'error', 'timeout', 'canceled', 'refused'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** Upper bounds (seconds) of the call duration histogram's buckets. */
export const CALL_DURATION_BUCKETS: readonly number[] = [
  0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
];

/** The counters of one protocol (plugin name, or `local` for in-process code). */
export interface ProtocolTraffic {
  /** Messages published to a topic or sent to a queue by this protocol's sessions. */
  publishes: number;
  /** Messages handed to this protocol's subscribers and queue consumers. */
  deliveries: number;
  /** Calls made by this protocol's sessions on this node, by outcome. */
  readonly calls: Record<CallOutcome, number>;
}

/** A histogram kept as plain counts: `counts[i]` calls took at most `CALL_DURATION_BUCKETS[i]` (not cumulative). */
export interface DurationHistogram {
  readonly counts: number[];
  /** Calls slower than the last bucket. */
  over: number;
  sum: number;
  count: number;
}

export class RouterTraffic {
  readonly #protocols = new Map<string, ProtocolTraffic>();
  readonly callDurations: DurationHistogram = {
    counts: CALL_DURATION_BUCKETS.map(() => 0),
    over: 0,
    sum: 0,
    count: 0,
  };

  /** The counters of `protocol`, created on first use; callers keep the object and increment it. */
  of(protocol: string): ProtocolTraffic {
    let traffic = this.#protocols.get(protocol);
    if (traffic === undefined) {
      traffic = { publishes: 0, deliveries: 0, calls: { ok: 0, error: 0, timeout: 0, canceled: 0, refused: 0 } };
      this.#protocols.set(protocol, traffic);
    }
    return traffic;
  }

  /** Every protocol counted so far. */
  protocols(): IterableIterator<[string, ProtocolTraffic]> {
    return this.#protocols.entries();
  }

  /** Counts a call that settled for its caller after `seconds`. */
  callSettled(traffic: ProtocolTraffic, outcome: RouterError | undefined, seconds: number): void {
    traffic.calls[outcomeOf(outcome)]++;
    const histogram = this.callDurations;
    histogram.sum += seconds;
    histogram.count++;
    const bounds = CALL_DURATION_BUCKETS;
    let bucket = 0;
    while (bucket < bounds.length && seconds > bounds[bucket]!) bucket++;
    if (bucket === bounds.length) histogram.over++;
    else histogram.counts[bucket]!++;
  }
}

function outcomeOf(error: RouterError | undefined): CallOutcome {
  if (error === undefined) return 'ok';
  if (error.uri === ErrorUri.TIMEOUT) return 'timeout';
  if (error.uri === ErrorUri.CANCELED) return 'canceled';
  return 'error';
}
