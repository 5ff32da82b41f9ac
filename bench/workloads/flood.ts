/**
 * Fairness under a flood (issue 12): one client's sequential RPC round trips, first on a quiet
 * broker, then while another client publishes as fast as TCP allows (STOMP SEND frames, 100 per
 * WebSocket message, written whenever its socket drains) to a topic with 10 subscribers. The
 * broker's rate limits and fair slicing should keep the loaded p99 within 10× the quiet one.
 */
import type WebSocket from 'ws';
import type { DriverName } from '../drivers/index.js';
import { awaitMessage, openSocket } from '../drivers/socket.js';
import type { BenchClient } from '../drivers/types.js';
import { makePayload, readStamp } from '../payload.js';
import { connectMany } from './connect.js';
import { cpuMeter, round, summarize } from './stats.js';

export interface FloodJob {
  readonly url: string;
  /** The broker's pid, to measure its CPU over the same interval as the generator's. */
  readonly brokerPid?: number;
  /** The caller's and callee's protocol. */
  readonly driver: DriverName;
  readonly subscriberCount: number;
  /** Sequential calls measured in each phase. */
  readonly calls: number;
}

const PROCEDURE = 'bench.echo';
const TOPIC = 'bench.flood';
const FRAMES_PER_MESSAGE = 100;
/** The flooder writes whenever less than this is queued in its socket: as fast as TCP drains. */
const HIGH_WATER = 1024 * 1024;
const FLOOD_BEFORE_CALLS_MS = 3000;

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** Sequential calls until `calls` are answered or `seconds` have passed (an unfair broker may take that long). */
async function roundTrips(caller: BenchClient, calls: number, seconds = 30): Promise<Float64Array> {
  const latencies = new Float64Array(calls);
  const deadline = Date.now() + seconds * 1000;
  let i = 0;
  for (; i < calls && Date.now() < deadline; i++) {
    const payload = makePayload(i, 0);
    const answer = await caller.call?.(PROCEDURE, payload);
    if (answer !== payload) throw new Error('wrong echo');
    latencies[i] = Number(process.hrtime.bigint() - readStamp(payload).sentNs) / 1e6;
  }
  return latencies.subarray(0, i);
}

/** A STOMP publisher on its own socket, so it can write as fast as the socket drains. */
async function flooder(url: string): Promise<WebSocket> {
  const ws = await openSocket(url, 'v12.stomp');
  const connected = awaitMessage(ws, (data) => (data.toString().startsWith('CONNECTED') ? true : undefined));
  ws.send('CONNECT\naccept-version:1.2\nheart-beat:0,0\n\n\0');
  await connected;
  return ws;
}

function floodFrames(): string {
  const body = 'x'.repeat(64);
  const one = `SEND\ndestination:/topic/${TOPIC}\ncontent-type:text/plain\n\n${body}\0`;
  return one.repeat(FRAMES_PER_MESSAGE);
}

export async function flood(job: FloodJob) {
  const [callee, caller] = await connectMany(job.url, [job.driver, job.driver]);
  if (!callee?.registerEcho || !caller?.call) throw new Error(`driver ${job.driver} has no RPC`);
  await callee.registerEcho(PROCEDURE);
  const subscribers = await connectMany(
    job.url,
    Array.from({ length: job.subscriberCount }, () => 'stomp' as const),
  );
  let delivered = 0;
  await Promise.all(subscribers.map((client) => client.subscribe(TOPIC, () => void delivered++)));
  await roundTrips(caller, 100); // warm-up
  const quiet = await roundTrips(caller, job.calls);

  const publisher = await flooder(job.url);
  const chunk = floodFrames();
  let sent = 0;
  let flooding = true;
  const writing = (async () => {
    while (flooding) {
      if (publisher.bufferedAmount < HIGH_WATER) {
        publisher.send(chunk);
        sent += FRAMES_PER_MESSAGE;
      }
      await tick();
    }
  })();
  // Into the steady state before the calls start: the flooder has spent its burst (twice the
  // per-second budget) and is held to its rate.
  const steady = Date.now() + FLOOD_BEFORE_CALLS_MS;
  while (Date.now() < steady) await tick();
  const cpu = cpuMeter(job.brokerPid);
  const started = process.hrtime.bigint();
  const deliveredBefore = delivered;
  const loaded = await roundTrips(caller, job.calls);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const floodDeliveries = delivered - deliveredBefore;
  flooding = false;
  await writing;
  const cpuFigures = cpu();
  for (const client of [callee, caller, ...subscribers]) client.close();
  publisher.terminate();
  const quietMs = summarize([quiet]);
  const latencyMs = summarize([loaded]);
  return {
    latencyMs,
    quietMs,
    p99Ratio: round(latencyMs.p99 / quietMs.p99, 1),
    floodFramesSent: sent,
    floodDeliveriesPerSecond: Math.round(floodDeliveries / seconds),
    seconds: round(seconds, 3),
    loadedCalls: loaded.length,
    errors: 0,
    ...cpuFigures,
  };
}
