/**
 * An engine outage in the logs: "engine unavailable: <reason>" once, a count of further failures
 * at most once per summary interval, "engine recovered after <duration>" when readiness returns.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createBusEngine, MemoryBus } from '../../src/cluster/bus-engine.js';
import { OutageReporter } from '../../src/cluster/outage.js';
import type { EngineStatus } from '../../src/router/ports.js';
import { formatDuration } from '../../src/server/engine-log.js';
import { eventually } from '../helpers/eventually.js';
import { captureLogs, LEVEL } from '../helpers/log-capture.js';
import { type StartedJunction, startJunction } from '../helpers/start-junction.js';
import { TIMING } from './harness.js';

describe('OutageReporter', () => {
  it('reports the first failure, sums the next ones per interval, and the recovery', async () => {
    const reports: EngineStatus[] = [];
    const outage = new OutageReporter((status) => reports.push(status), 50);
    outage.check(undefined);
    expect(reports).toEqual([]);
    outage.failed('publish failed: bus is down');
    outage.failed('heartbeat failed: bus is down');
    outage.check('bus is down');
    expect(reports).toEqual([{ state: 'down', reason: 'publish failed: bus is down' }]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    outage.failed('publish failed: bus is down');
    expect(reports[1]).toEqual({ state: 'failing', failures: 2 });
    outage.check('bus is down');
    expect(reports).toHaveLength(2);
    outage.check(undefined);
    expect(reports[2]).toMatchObject({ state: 'recovered', failures: 2 });
    expect(outage.down).toBe(false);
  });

  it('starts an outage from readiness alone, when no operation failed', () => {
    const reports: EngineStatus[] = [];
    const outage = new OutageReporter((status) => reports.push(status));
    outage.check('redis disconnected');
    outage.check('redis disconnected');
    expect(reports).toEqual([{ state: 'down', reason: 'redis disconnected' }]);
  });

  it('formats durations for people', () => {
    expect(formatDuration(250)).toBe('250 ms');
    expect(formatDuration(1234)).toBe('1.2 s');
    expect(formatDuration(95_000)).toBe('1 min 35 s');
  });
});

describe('a broker on the bus engine', () => {
  let node: StartedJunction | undefined;
  afterEach(async () => {
    await node?.close();
    node = undefined;
  });

  it('logs an outage once with its reason, then a count, then its recovery, without stacks', async () => {
    const bus = new MemoryBus();
    const { logger, lines } = captureLogs();
    const engine = createBusEngine(bus, { ...TIMING, failureSummaryInterval: 300 });
    node = await startJunction({ protocols: [], engine, logger });
    const engineLines = () => lines.filter((line) => line.msg.includes('engine'));
    bus.down = true;
    await eventually(() => engineLines().some((line) => line.msg.endsWith('more engine failures')));
    bus.down = false;
    await eventually(() => engineLines().some((line) => line.msg.startsWith('engine recovered after')));
    const messages = engineLines().map((line) => line.msg);
    expect(messages.filter((msg) => msg.startsWith('engine unavailable: '))).toHaveLength(1);
    expect(messages[0]).toMatch(/^engine unavailable: .*bus is down/);
    expect(engineLines()[0]?.level).toBe(LEVEL.error);
    const recovered = engineLines().find((line) => line.msg.startsWith('engine recovered'));
    expect(recovered).toMatchObject({ level: LEVEL.info, engine: 'bus' });
    expect(recovered?.downtimeMs).toBeGreaterThan(0);
    expect(lines.some((line) => 'err' in line)).toBe(false);
  });

  it('logs one line however many operations fail within the summary interval', async () => {
    const bus = new MemoryBus();
    const { logger, lines } = captureLogs();
    node = await startJunction({ protocols: [], engine: createBusEngine(bus, TIMING), logger });
    bus.down = true;
    node.junction.publish('news', 1);
    // Several heartbeats fail meanwhile: still one line.
    await eventually(() => node!.junction.router.engine.stats.errors >= 4);
    expect(lines.filter((line) => line.msg.includes('engine')).map((line) => line.msg)).toHaveLength(1);
  });
});
