import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { probeProtocol } from '../helpers/probe-protocol.js';
import { type StartedJunction, startJunction } from '../helpers/start-junction.js';
import { closed, getJson, messages, openClient, refusedUpgrade, stalledClient } from '../helpers/ws-client.js';

let broker: StartedJunction | undefined;
afterEach(async () => {
  await broker?.close();
  broker = undefined;
});

/** Polls until `check` returns true; fails after `ms`. */
async function eventually(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A masked client text frame (RFC 6455 §5.3), for raw sockets. */
function clientFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const mask = Buffer.from([1, 2, 3, 4]);
  const masked = payload.map((byte, i) => byte ^ (mask[i % 4] as number));
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, masked]);
}

const subscriptionCount = (b: StartedJunction) => b.junction.router.realm('realm1')?.subscriptions().length ?? 0;

describe('safety defaults', () => {
  it('closes a client that sends more than maxPayload with 1009', async () => {
    broker = await startJunction({ protocols: [probeProtocol()], limits: { maxPayload: 4096 } });
    const ws = await openClient(broker.url, 'probe.v1');
    ws.send('x'.repeat(4097));
    expect((await closed(ws)).code).toBe(1009);
  });

  it('does not negotiate permessage-deflate', async () => {
    broker = await startJunction({ protocols: [probeProtocol()] });
    const response = await refusedUpgrade(broker.url, {
      'sec-websocket-protocol': 'probe.v1',
      'sec-websocket-extensions': 'permessage-deflate; client_max_window_bits',
    });
    expect(response.status).toBe(101);
    expect(response.headers['sec-websocket-extensions']).toBeUndefined();
  });

  it('terminates a peer that stops answering pings and releases its subscriptions', async () => {
    broker = await startJunction({
      protocols: [probeProtocol()],
      limits: { pingInterval: 100, maxMissedPongs: 2 },
    });
    const silent = await openClient(broker.url, 'probe.v1', { autoPong: false });
    const inbox = messages(silent);
    silent.send(JSON.stringify({ op: 'sub', topic: 'a.b' }));
    await inbox.next();
    expect(subscriptionCount(broker)).toBe(1);
    expect((await closed(silent)).code).toBe(1006);
    await eventually(() => broker?.junction.sessionCount === 0);
    expect(subscriptionCount(broker)).toBe(0);
  });

  it('keeps a peer that answers pings', async () => {
    broker = await startJunction({
      protocols: [probeProtocol()],
      limits: { pingInterval: 50, maxMissedPongs: 2 },
    });
    const alive = await openClient(broker.url, 'probe.v1');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(alive.readyState).toBe(alive.OPEN);
    alive.close();
  });

  it('closes a slow consumer with 1008 while a fast subscriber receives every message in order', async () => {
    broker = await startJunction({ protocols: [probeProtocol()], limits: { maxBufferedBytes: 256 * 1024 } });
    const stalled: Socket = await stalledClient(broker.url, 'probe.v1');
    stalled.write(clientFrame(JSON.stringify({ op: 'sub', topic: 'feed' })));
    const fast = await openClient(broker.url, 'probe.v1');
    const received: number[] = [];
    fast.on('message', (data) => {
      const value = JSON.parse(data.toString());
      if (typeof value === 'object') received.push(value.n);
    });
    fast.send(JSON.stringify({ op: 'sub', topic: 'feed' }));
    const subscribers = () => broker?.junction.router.realm('realm1')?.subscriptions()[0]?.subscribers.length;
    await eventually(() => subscribers() === 2);
    const count = 3000;
    const filler = 'x'.repeat(8 * 1024);
    // Publish as network input arrives: a few messages per event-loop turn, not one synchronous burst.
    for (let n = 0; n < count; n++) {
      broker.junction.publish('feed', { n, filler });
      if (n % 8 === 7) await new Promise((resolve) => setImmediate(resolve));
    }
    await eventually(() => received.length === count, 15_000);
    expect(received).toEqual(Array.from({ length: count }, (_, n) => n));
    await eventually(() => broker?.junction.sessionCount === 1);
    expect(broker.junction.stats.slow_consumer).toBe(1);
    stalled.destroy();
    fast.close();
  });

  it('closes a session whose handler throws with 1011 and leaves other sessions running', async () => {
    broker = await startJunction({ protocols: [probeProtocol()] });
    const crashing = await openClient(broker.url, 'probe.v1');
    const bystander = await openClient(broker.url, 'probe.v1');
    const inbox = messages(bystander);
    bystander.send(JSON.stringify({ op: 'sub', topic: 't' }));
    await inbox.next();
    crashing.send(JSON.stringify({ op: 'crash' }));
    expect((await closed(crashing)).code).toBe(1011);
    broker.junction.publish('t', 'still here');
    expect(JSON.parse(await inbox.next())).toBe('still here');
    bystander.close();
  });

  it('closes a client that does not log in within the handshake timeout with 1008', async () => {
    broker = await startJunction({
      protocols: [probeProtocol({ join: false })],
      limits: { handshakeTimeout: 200 },
    });
    const ws = await openClient(broker.url, 'probe.v1');
    expect(await closed(ws)).toEqual({ code: 1008, reason: 'login timeout' });
  });

  it('releases every subscription of a session when its client disconnects', async () => {
    broker = await startJunction({ protocols: [probeProtocol()] });
    const ws = await openClient(broker.url, 'probe.v1');
    const inbox = messages(ws);
    for (const topic of ['a', 'b', 'c']) {
      ws.send(JSON.stringify({ op: 'sub', topic }));
      await inbox.next();
    }
    expect(subscriptionCount(broker)).toBe(3);
    ws.close();
    await eventually(() => subscriptionCount(broker as StartedJunction) === 0);
  });

  it('drains on close: each session gets its protocol goodbye, then close 1001', async () => {
    broker = await startJunction({ protocols: [probeProtocol()] });
    const ws = await openClient(broker.url, 'probe.v1');
    const inbox = messages(ws);
    const closing = closed(ws);
    await broker.close();
    broker = undefined;
    expect(await inbox.next()).toBe('"goodbye"');
    expect(await closing).toEqual({ code: 1001, reason: 'server shutdown' });
  });

  it('keeps serving with /readyz at 503 for shutdownDelay, so load balancers stop first, then drains', async () => {
    broker = await startJunction({ protocols: [probeProtocol()], limits: { shutdownDelay: 400 } });
    const early = await openClient(broker.url, 'probe.v1');
    const goodbye = closed(early);
    const closing = broker.close();
    const readyz = `${broker.url.replace(/^ws/, 'http')}/readyz`;
    expect(await getJson(readyz)).toMatchObject({ status: 503, body: { reason: 'draining' } });
    // Still serving: a client the load balancer sent before it noticed is accepted, and later drained.
    const late = await openClient(broker.url, 'probe.v1');
    const lateGoodbye = closed(late);
    await closing;
    broker = undefined;
    expect(await goodbye).toEqual({ code: 1001, reason: 'server shutdown' });
    expect(await lateGoodbye).toEqual({ code: 1001, reason: 'server shutdown' });
  });
});
