/**
 * The Markdown report: one table per scenario, each Junction figure as a ratio to the limits.
 * A ratio means something only when both sides are broker-bound: a row whose generator ran above
 * 90 % CPU is marked generator-bound and gives no ratio, nor serves as the reference of one.
 */
import { GENERATOR_BOUND_CPU, generatorBound } from './cpu.js';

export interface Measurement {
  readonly scenario: string;
  readonly target: string;
  readonly role: 'limit' | 'limit-plain' | 'junction' | 'rabbitmq' | 'cluster';
  readonly metric: string;
  readonly value: number;
  readonly runs: number;
  readonly result: Record<string, unknown>;
}

/** What a ratio cell says when either side measured its generator. */
export const BOUND = '— (generator-bound)';

const lowerIsBetter = (metric: string) => metric === 'latencyMs.p99' || metric === 'bytesPerConnection';

function format(value: number, metric: string): string {
  if (metric === 'bytesPerConnection') return `${(value / 1024).toFixed(1)} KB`;
  if (metric === 'latencyMs.p99') return `${value} ms`;
  return Math.round(value).toLocaleString('en-US');
}

/** How a row compares with a reference: for throughput value/reference, for costs reference/value. */
function ratio(row: Measurement, reference: Measurement | undefined): string {
  if (!reference || reference === row || !reference.value || !row.value) return '';
  if (generatorBound(row.result) || generatorBound(reference.result)) return BOUND;
  const r = row.value / reference.value;
  return lowerIsBetter(row.metric) ? `${r.toFixed(2)}× cost` : `${(r * 100).toFixed(0)} %`;
}

/**
 * Throughput per second of broker CPU: with one generator core, the generator often saturates
 * before the broker does, so raw rates understate the broker; this normalises by its CPU use.
 */
function perBrokerCpu(row: Measurement): number | undefined {
  const cpu = row.result.brokerCpu;
  if (lowerIsBetter(row.metric) || typeof cpu !== 'number' || cpu <= 0) return undefined;
  return row.value / (cpu / 100);
}

function efficiencyRatio(row: Measurement, reference: Measurement | undefined): string {
  if (reference && reference !== row && (generatorBound(row.result) || generatorBound(reference.result))) return BOUND;
  const mine = perBrokerCpu(row);
  const theirs = reference && reference !== row ? perBrokerCpu(reference) : undefined;
  return mine && theirs ? `${((mine / theirs) * 100).toFixed(0)} %` : '';
}

function details(result: Record<string, unknown>): string {
  const parts: string[] = [];
  if (result.latencyMs) {
    const l = result.latencyMs as { p50: number; p99: number; max: number };
    parts.push(`p50 ${l.p50} / p99 ${l.p99} / max ${l.max} ms`);
  }
  if (result.quietMs) {
    const q = result.quietMs as { p50: number; p99: number };
    parts.push(`quiet p50 ${q.p50} / p99 ${q.p99} ms, p99 ×${result.p99Ratio}`);
    parts.push(`flood ${result.floodDeliveriesPerSecond} deliveries/s`);
  }
  for (const key of ['lost', 'duplicates', 'reordered', 'errors'] as const) {
    if (typeof result[key] === 'number') parts.push(`${key} ${result[key]}`);
  }
  const nodes = result.nodeCpu as readonly [number, number] | undefined;
  if (nodes) parts.push(`node A ${nodes[0]} % + node B ${nodes[1]} % CPU`);
  return parts.join(', ');
}

/**
 * A cluster scenario (issue 13 point 6): the two nodes on Redis as a share of the same node
 * without Redis, in the same run; both nodes run on the broker's core, so "broker CPU" is their sum.
 */
function clusterSection(scenario: string, rows: readonly Measurement[]): string {
  const single = rows.find((m) => m.role === 'junction');
  const header = `### ${scenario}\n\n| target | ${rows[0]?.metric} | vs same node without Redis | per broker CPU-second | same, vs same node | details | generator CPU | broker CPU |\n|---|---|---|---|---|---|---|---|`;
  const lines = rows.map((row) => {
    const efficiency = perBrokerCpu(row);
    const target = generatorBound(row.result) ? `${row.target} **generator-bound**` : row.target;
    return `| ${target} | ${format(row.value, row.metric)} | ${ratio(row, single)} | ${efficiency ? format(efficiency, row.metric) : ''} | ${efficiencyRatio(row, single)} | ${details(row.result)} | ${row.result.generatorCpu ?? ''} % | ${row.result.brokerCpu ?? ''} % |`;
  });
  return [header, ...lines].join('\n');
}

export function markdownReport(measurements: readonly Measurement[]): string {
  const scenarios = [...new Set(measurements.map((m) => m.scenario))];
  const sections = scenarios.map((scenario) => {
    const rows = measurements.filter((m) => m.scenario === scenario);
    if (rows.some((m) => m.role === 'cluster')) return clusterSection(scenario, rows);
    const limit = rows.find((m) => m.role === 'limit');
    const plain = rows.find((m) => m.role === 'limit-plain');
    const rabbit = rows.find((m) => m.role === 'rabbitmq');
    const header = `### ${scenario}\n\n| target | ${rows[0]?.metric} | vs ws relay (cork) | vs ws relay | vs RabbitMQ | per broker CPU-second | same, vs relay (cork) | details | generator CPU | broker CPU |\n|---|---|---|---|---|---|---|---|---|---|`;
    const lines = rows.map((row) => {
      const efficiency = perBrokerCpu(row);
      const target = generatorBound(row.result) ? `${row.target} **generator-bound**` : row.target;
      return `| ${target} | ${format(row.value, row.metric)} | ${ratio(row, limit)} | ${ratio(row, plain)} | ${ratio(row, rabbit)} | ${efficiency ? format(efficiency, row.metric) : ''} | ${efficiencyRatio(row, limit)} | ${details(row.result)} | ${row.result.generatorCpu ?? ''} % | ${row.result.brokerCpu ?? ''} % |`;
    });
    const note = rows.some((row) => generatorBound(row.result))
      ? [
          '',
          `Generator-bound: the generator ran above ${GENERATOR_BOUND_CPU} % of its core, so the row measured the generator, not the broker; it gives no ratio.`,
        ]
      : [];
    return [header, ...lines, ...note].join('\n');
  });
  return sections.join('\n\n');
}
