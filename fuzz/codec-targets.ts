/**
 * Codec properties, without sockets: every decoder returns a value or a reason for any input
 * and never throws. One run is one input.
 */
import fc from 'fast-check';
import { classify, decode } from '../protocols/jsonrpc/envelope.js';
import { FrameParser } from '../protocols/stomp/parser.js';
import { parseMessage } from '../protocols/wamp/messages.js';
import { createSerializers } from '../protocols/wamp/serializers/index.js';
import { defaultLimits } from '../src/server/options.js';
import { batchValue, jsonrpcInput, singleValue } from './jsonrpc-inputs.js';
import { split } from './mutate.js';
import { stompInput } from './stomp-inputs.js';
import type { Target } from './target.js';
import { wampInput } from './wamp-inputs.js';

const stompCodec: Target = {
  name: 'stomp-codec',
  protocol: 'stomp',
  inputsPerRun: 1,
  property: ({ count }) =>
    fc.property(
      stompInput,
      fc.array(fc.nat(), { maxLength: 4 }),
      fc.constantFrom('1.0', '1.1', '1.2'),
      (bytes, cuts, version) => {
        count(1);
        const parser = new FrameParser({ maxFrameSize: 4096, maxHeaders: 20, maxHeaderLength: 1024 });
        parser.version = version;
        let errors = 0;
        for (const chunk of split(bytes, cuts)) {
          parser.push(chunk);
          for (let event = parser.next(); event; event = parser.next()) {
            if (errors > 0) throw new Error('the parser produced an event after its error');
            if (event.error) errors++;
            else if (typeof event.frame.command !== 'string') throw new Error('a frame without a command');
          }
        }
      },
    ),
};

function wampCodec(token: 'wamp.2.json' | 'wamp.2.msgpack' | 'wamp.2.cbor'): Target {
  const serializer = createSerializers().get(token)!;
  return {
    name: `wamp-codec-${serializer.name}`,
    protocol: 'wamp',
    inputsPerRun: 1,
    property: ({ count }) =>
      fc.property(wampInput(serializer), (bytes) => {
        count(1);
        const data = serializer.binary ? bytes : Buffer.from(bytes).toString('utf8');
        const decoded = serializer.decode(data);
        if (decoded.ok) parseMessage(decoded.value);
        else if (typeof decoded.reason !== 'string') throw new Error('a decode failure without a reason');
      }),
  };
}

const jsonrpcCodec: Target = {
  name: 'jsonrpc-codec',
  protocol: 'jsonrpc',
  inputsPerRun: 1,
  property: ({ count }) =>
    fc.property(jsonrpcInput(fc.oneof(singleValue, batchValue)), ({ bytes, binary }) => {
      count(1);
      const decoded = decode(binary ? bytes : Buffer.from(bytes).toString('utf8'), defaultLimits.maxDepth);
      if (decoded === undefined || 'tooDeep' in decoded) return;
      for (const element of Array.isArray(decoded.value) ? decoded.value : [decoded.value]) classify(element);
    }),
};

export const codecTargets: readonly Target[] = [
  stompCodec,
  wampCodec('wamp.2.json'),
  wampCodec('wamp.2.msgpack'),
  wampCodec('wamp.2.cbor'),
  jsonrpcCodec,
];
