/**
 * Live properties: each run is one fresh session over a real socket fed 1 to 8 generated inputs
 * (after a valid CONNECT or HELLO, or from the first byte), closed by the client. After each run
 * the broker must not have closed with 1011, counted a crashed session or logged an error.
 */
import fc from 'fast-check';
import { createSerializers } from '../protocols/wamp/serializers/index.js';
import type { FuzzBroker } from './broker.js';
import { batchValue, jsonrpcInput, singleValue } from './jsonrpc-inputs.js';
import { tcpSession, type WsMessage, wsSession } from './live.js';
import { concat, split } from './mutate.js';
import { connectFrame, stompInput, stompPreamble } from './stomp-inputs.js';
import type { Target } from './target.js';
import { HELLO, wampInput, wampPreamble } from './wamp-inputs.js';

const inputs = <T>(arb: fc.Arbitrary<T>) => fc.array(arb, { minLength: 1, maxLength: 8 });
/** fc.array of 1 to 8 averages 4.5 inputs; 4 keeps the run count on the safe side. */
const INPUTS_PER_RUN = 4;

/** What a run is judged against: the broker's crash and error counts before it. */
export interface Baseline {
  readonly crashed: number;
  readonly errors: number;
}

export function baseline(broker: FuzzBroker): Baseline {
  return { crashed: broker.junction.stats.session_crashed, errors: broker.errorCount() };
}

/**
 * Throws when the broker shows a crash since `before`: close 1011, a crashed-session count, an
 * error log line. Judged per run, so shrinking pins the input that caused it.
 */
export function verify(broker: FuzzBroker, before: Baseline, record?: (code: number) => void, code?: number): void {
  if (code !== undefined) record?.(code);
  if (code === 1011) throw new Error('the broker closed the session with 1011 (internal error)');
  const crashed = broker.junction.stats.session_crashed - before.crashed;
  const logged = broker.errorCount() - before.errors;
  const lines = () => broker.errors.slice(before.errors).join(' | ');
  if (crashed > 0) throw new Error(`${crashed} session(s) crashed: ${lines()}`);
  if (logged > 0) throw new Error(`the broker logged ${logged} error(s): ${lines()}`);
}

const binary = (data: Uint8Array): WsMessage => ({ data, binary: true });

const stompWs: Target = {
  name: 'stomp-ws',
  protocol: 'stomp',
  inputsPerRun: INPUTS_PER_RUN,
  property: ({ count, closed, broker, checkpoint }) =>
    fc.asyncProperty(stompPreamble, inputs(stompInput), async (preamble, frames) => {
      const before = baseline(broker);
      count(frames.length);
      const head = preamble === 'none' ? [] : [binary(connectFrame(preamble))];
      verify(broker, before, closed, await wsSession(broker.url, 'v12.stomp', [...head, ...frames.map(binary)]));
      await checkpoint();
    }),
};

const stompTcp: Target = {
  name: 'stomp-tcp',
  protocol: 'stomp',
  inputsPerRun: INPUTS_PER_RUN,
  property: ({ count, broker, checkpoint }) =>
    fc.asyncProperty(
      stompPreamble,
      inputs(stompInput),
      fc.array(fc.nat(), { maxLength: 6 }),
      async (preamble, frames, cuts) => {
        const before = baseline(broker);
        count(frames.length);
        const head = preamble === 'none' ? [] : [connectFrame(preamble)];
        // Random chunking: frames split and joined at arbitrary byte positions.
        await tcpSession(broker.tcpPort, split(concat(...head, ...frames), cuts));
        verify(broker, before);
        await checkpoint();
      },
    ),
};

function wampLive(token: 'wamp.2.json' | 'wamp.2.msgpack' | 'wamp.2.cbor'): Target {
  const serializer = createSerializers().get(token)!;
  const asMessage = (bytes: Uint8Array): WsMessage =>
    serializer.binary ? binary(bytes) : { data: Buffer.from(bytes), binary: false };
  return {
    name: `wamp-${serializer.name}`,
    protocol: 'wamp',
    inputsPerRun: INPUTS_PER_RUN,
    property: ({ count, closed, broker, checkpoint }) =>
      fc.asyncProperty(wampPreamble, inputs(wampInput(serializer)), async (preamble, messages) => {
        const before = baseline(broker);
        count(messages.length);
        const hello = serializer.encode(HELLO);
        const handshake = preamble === 'none' ? undefined : { data: hello, binary: serializer.binary };
        verify(broker, before, closed, await wsSession(broker.url, token, messages.map(asMessage), handshake));
        await checkpoint();
      }),
  };
}

function jsonrpcLive(name: string, values: fc.Arbitrary<unknown>): Target {
  return {
    name,
    protocol: 'jsonrpc',
    inputsPerRun: INPUTS_PER_RUN,
    property: ({ count, closed, broker, checkpoint }) =>
      fc.asyncProperty(
        // The fallback (no token: the first message picks the protocol) or the token.
        fc.constantFrom(undefined, 'jsonrpc'),
        inputs(jsonrpcInput(values)),
        async (token, messages) => {
          const before = baseline(broker);
          count(messages.length);
          const frames = messages.map(({ bytes, binary }) => ({ data: Buffer.from(bytes), binary }));
          verify(broker, before, closed, await wsSession(broker.url, token, frames));
          await checkpoint();
        },
      ),
  };
}

export const liveTargets: readonly Target[] = [
  stompWs,
  stompTcp,
  wampLive('wamp.2.json'),
  wampLive('wamp.2.msgpack'),
  wampLive('wamp.2.cbor'),
  jsonrpcLive('jsonrpc-single', singleValue),
  jsonrpcLive('jsonrpc-batch', batchValue),
];
