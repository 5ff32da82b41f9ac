/**
 * A Prometheus histogram read from counts kept elsewhere. prom-client's Histogram only learns
 * values through `observe()`, one call per event; the router keeps its call durations as plain
 * bucket counts instead (router/traffic.ts), so this metric turns them into the exposition shape
 * at scrape time and prom-client formats it like any other.
 */
import type { Metric, Registry } from 'prom-client';
import type { DurationHistogram } from '../router/traffic.js';

interface Sample {
  readonly metricName: string;
  readonly labels: Record<string, string | number>;
  readonly value: number;
}

/** Registers an unlabelled histogram named `name` whose values come from `read()` at each scrape. */
export function registerCollectedHistogram(
  registry: Registry,
  name: string,
  help: string,
  bounds: readonly number[],
  read: () => DurationHistogram,
): void {
  const metric = {
    name,
    help,
    type: 'histogram',
    aggregator: 'sum',
    reset() {},
    get: async () => ({ name, help, type: 'histogram', aggregator: 'sum', values: samples(name, bounds, read()) }),
  };
  // The registry only calls name, get() and reset(); prom-client's Metric type lists its own classes.
  registry.registerMetric(metric as unknown as Metric);
}

/** Cumulative buckets, `+Inf`, sum and count, as Prometheus expects them. */
function samples(name: string, bounds: readonly number[], histogram: DurationHistogram): Sample[] {
  const values: Sample[] = [];
  let cumulative = 0;
  bounds.forEach((bound, index) => {
    cumulative += histogram.counts[index] ?? 0;
    values.push({ metricName: `${name}_bucket`, labels: { le: bound }, value: cumulative });
  });
  values.push({ metricName: `${name}_bucket`, labels: { le: '+Inf' }, value: histogram.count });
  values.push({ metricName: `${name}_sum`, labels: {}, value: histogram.sum });
  values.push({ metricName: `${name}_count`, labels: {}, value: histogram.count });
  return values;
}
