/**
 * The inbound rate limit of one connection (src/server/inbound-flow.ts) on a stand-in transport:
 * what is over the budget waits, in order, with the transport paused; only a debt that outlasts
 * the grace period closes. Over real sockets: test/core/rate-limit.e2e.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { MessageData, SessionTransport } from '../../src/plugin/types.js';
import { InboundFlow } from '../../src/server/inbound-flow.js';
import { eventually } from '../helpers/eventually.js';

function harness(messagesPerSecond: number, rateLimitGrace: number) {
  const delivered: MessageData[] = [];
  const transport = { paused: 0, resumed: 0, closed: false };
  const stand = {
    pause: () => void transport.paused++,
    resume: () => void transport.resumed++,
  } as unknown as SessionTransport;
  const flow = new InboundFlow(
    stand,
    { messagesPerSecond, bytesPerSecond: 1 << 30, rateLimitGrace },
    {
      countsTransportMessages: true,
      deliver: (data) => delivered.push(data),
      onOverGrace: () => {
        transport.closed = true;
      },
    },
  );
  return { flow, delivered, transport };
}

const numbers = (count: number, from = 0) => Array.from({ length: count }, (_, i) => String(from + i));

describe('InboundFlow', () => {
  it('delivers a burst over the budget in order, pausing the transport until the debt is repaid', async () => {
    const { flow, delivered, transport } = harness(100, 5000);
    for (const n of numbers(250)) flow.receive(n);
    // The burst (twice the rate) and the one message that went into debt (a few more if the
    // loop itself took milliseconds): the rest waits.
    expect(delivered.length).toBeGreaterThanOrEqual(201);
    expect(delivered.length).toBeLessThan(250);
    expect(transport.paused).toBe(1);
    await eventually(() => delivered.length === 250);
    expect(delivered).toEqual(numbers(250));
    await eventually(() => transport.resumed === 1);
    expect(transport.closed).toBe(false);
  });

  it('keeps a connection that catches up within the grace period', async () => {
    // 100 ms of debt against 2 s of grace.
    const { flow, delivered, transport } = harness(100, 2000);
    for (const n of numbers(210)) flow.receive(n);
    await eventually(() => transport.resumed === 1);
    expect(delivered).toHaveLength(210);
    flow.receive('later');
    expect(delivered.at(-1)).toBe('later');
    expect(transport.closed).toBe(false);
  });

  it('closes a connection whose debt outlasts the grace period, delivering nothing more', async () => {
    const { flow, delivered, transport } = harness(100, 300);
    for (const n of numbers(1000)) flow.receive(n);
    await eventually(() => transport.closed);
    const count = delivered.length;
    expect(count).toBeLessThan(1000);
    flow.receive('after');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(delivered).toHaveLength(count);
  });

  it('runs a deferred backlog before held messages', async () => {
    const order: string[] = [];
    const deferring = new InboundFlow(
      { pause() {}, resume() {} } as unknown as SessionTransport,
      { messagesPerSecond: 1_000_000, bytesPerSecond: 1 << 30, rateLimitGrace: 5000 },
      {
        countsTransportMessages: true,
        deliver: (data) => {
          order.push(String(data));
          if (data === 'first') deferring.defer(() => order.push('backlog of first'));
        },
        onOverGrace: () => {},
      },
    );
    deferring.receive('first');
    deferring.receive('second');
    await eventually(() => order.length === 3);
    expect(order).toEqual(['first', 'backlog of first', 'second']);
  });
});
