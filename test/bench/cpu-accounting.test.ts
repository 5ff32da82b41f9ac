/**
 * `npm run bench` reports the generator's and the broker's CPU per row, and a row whose generator
 * is above 90 % measured the generator: the report marks it and gives it no ratio (issue 13).
 * No timing here: the figures are made up, the behaviour is the report's.
 */
import { describe, expect, it } from 'vitest';
import { cpuMeter, cpuPercent, GENERATOR_BOUND_CPU, generatorBound, parseStatSeconds } from '../../bench/cpu.js';
import { BOUND, type Measurement, markdownReport } from '../../bench/report.js';

const row = (target: string, role: Measurement['role'], value: number, generatorCpu: number): Measurement => ({
  scenario: 'RPC, 10 callers × 10 outstanding',
  target,
  role,
  metric: 'callsPerSecond',
  value,
  runs: 1,
  result: { callsPerSecond: value, generatorCpu, brokerCpu: 99 },
});

const cells = (report: string, target: string): string[] =>
  (report.split('\n').find((line) => line.startsWith(`| ${target}`)) ?? '').split('|').map((cell) => cell.trim());

describe('CPU accounting', () => {
  it('reads user + system ticks from /proc/<pid>/stat, even with spaces and parentheses in the command', () => {
    const fields = ['S', '1', '1', '1', '0', '-1', '4194560', '100', '0', '0', '0', '250', '50', '0', '0'];
    expect(parseStatSeconds(`1234 (node (x) y) ${fields.join(' ')} 20 0 1`)).toBe(3);
  });

  it('gives CPU as a percentage of one core', () => {
    expect(cpuPercent(1.5, 2)).toBe(75);
    expect(cpuPercent(0.9555, 1)).toBe(95.6);
    expect(cpuPercent(1, 0)).toBe(0);
  });

  it('measures this process and the broker over the same interval', () => {
    const stop = cpuMeter(process.pid);
    let x = 0;
    for (let i = 0; i < 1e6; i++) x += i;
    const figures = stop();
    expect(x).toBeGreaterThan(0);
    expect(typeof figures.generatorCpu).toBe('number');
    expect(typeof figures.brokerCpu).toBe('number');
    expect(cpuMeter(undefined)().brokerCpu).toBeUndefined();
  });

  it('calls a generator above 90 % generator-bound, and one at or below it not', () => {
    expect(GENERATOR_BOUND_CPU).toBe(90);
    expect(generatorBound({ generatorCpu: 93.4 })).toBe(true);
    expect(generatorBound({ generatorCpu: 90 })).toBe(false);
    expect(generatorBound({ generatorCpu: 55 })).toBe(false);
    expect(generatorBound({})).toBe(false);
  });
});

describe('the report', () => {
  it('gives ratios between broker-bound rows', () => {
    const report = markdownReport([
      row('ws relay (cork)', 'limit', 100_000, 60),
      row('junction wamp.2.json', 'junction', 40_000, 35),
    ]);
    expect(cells(report, 'junction wamp.2.json')[3]).toBe('40 %');
    expect(report).not.toContain('generator-bound');
  });

  it('marks a generator-bound reference and gives no ratio against it', () => {
    const report = markdownReport([
      row('ws relay (cork)', 'limit', 60_000, 96),
      row('junction wamp.2.json', 'junction', 36_000, 70),
    ]);
    expect(cells(report, 'ws relay (cork)')[1]).toBe('ws relay (cork) **generator-bound**');
    expect(cells(report, 'junction wamp.2.json')[3]).toBe(BOUND);
    expect(cells(report, 'junction wamp.2.json')[7]).toBe(BOUND);
    expect(report).toContain('above 90 % of its core');
  });

  it('gives no ratio for a generator-bound row either', () => {
    const report = markdownReport([
      row('ws relay (cork)', 'limit', 100_000, 50),
      row('junction jsonrpc', 'junction', 30_000, 91),
    ]);
    expect(cells(report, 'junction jsonrpc')[1]).toBe('junction jsonrpc **generator-bound**');
    expect(cells(report, 'junction jsonrpc')[3]).toBe(BOUND);
  });

  it('shows both CPU figures on every row', () => {
    const report = markdownReport([row('ws relay (cork)', 'limit', 100_000, 61.5)]);
    const line = cells(report, 'ws relay (cork)');
    expect(line.at(-3)).toBe('61.5 %');
    expect(line.at(-2)).toBe('99 %');
  });
});
