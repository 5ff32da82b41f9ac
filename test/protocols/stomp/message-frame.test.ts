import { afterEach, describe, expect, it, vi } from 'vitest';
import { header } from '../../../protocols/stomp/frame.js';
import { createMessageEncoder } from '../../../protocols/stomp/message-frame.js';
import { FrameParser } from '../../../protocols/stomp/parser.js';
import { decodeBody, encodePayload } from '../../../protocols/stomp/payload.js';
import { wireSubscriptionId } from '../../../protocols/stomp/topic-frames.js';
import type { RoutedMessage } from '../../../src/router/types.js';
import { captureLogs } from '../../helpers/log-capture.js';

const message = (fields: Partial<RoutedMessage>): RoutedMessage => ({
  topic: 'a.b',
  headers: {},
  publicationId: 1,
  ...fields,
});

function parse(data: string | Uint8Array) {
  const parser = new FrameParser({ maxFrameSize: 1 << 20, maxHeaders: 100, maxHeaderLength: 8192 });
  parser.version = '1.2';
  parser.push(typeof data === 'string' ? new TextEncoder().encode(data) : data);
  return parser.next()?.frame;
}

const textOf = (data: string | Uint8Array) => (typeof data === 'string' ? data : new TextDecoder().decode(data));

const delivery = { destination: '/topic/a.b', subscription: 's', messageId: 't1' };

afterEach(() => {
  vi.restoreAllMocks();
});

/** The encoder's `frame`, for messages that can always be encoded. */
function frameEncoder() {
  const { frame } = createMessageEncoder();
  return (...args: Parameters<typeof frame>) => frame(...args)!;
}

describe('createMessageEncoder', () => {
  it('encodes a message body once, however many deliveries it has', () => {
    const encode = frameEncoder();
    const stringify = vi.spyOn(JSON, 'stringify');
    const routed = message({ args: [{ n: 1 }] });
    for (let i = 0; i < 5; i++) encode(routed, '1.2', { ...delivery, messageId: `t${i}` });
    expect(stringify).toHaveBeenCalledTimes(1);
  });

  it('writes per-delivery headers on each MESSAGE', () => {
    const encode = frameEncoder();
    const routed = message({ args: ['x'] });
    const first = parse(encode(routed, '1.2', { ...delivery, ack: 'q1', redelivered: true }).data)!;
    const second = parse(encode(routed, '1.2', { ...delivery, subscription: 'other', messageId: 't2' }).data)!;
    expect([header(first, 'ack'), header(first, 'redelivered'), header(first, 'subscription')]).toEqual([
      'q1',
      'true',
      's',
    ]);
    expect([header(second, 'ack'), header(second, 'subscription'), header(second, 'message-id')]).toEqual([
      undefined,
      'other',
      't2',
    ]);
  });

  it('never lets user headers override control headers', () => {
    const encode = frameEncoder();
    const routed = message({ args: ['x'], headers: { destination: '/evil', subscription: 'x', custom: 'ok' } });
    const frame = parse(encode(routed, '1.2', delivery).data)!;
    expect(header(frame, 'destination')).toBe('/topic/a.b');
    expect(header(frame, 'subscription')).toBe('s');
    expect(header(frame, 'custom')).toBe('ok');
  });

  it('returns text for UTF-8 frames and bytes otherwise', () => {
    const encode = frameEncoder();
    expect(encode(message({ args: ['héllo'] }), '1.2', delivery)).toMatchObject({
      data: expect.any(String),
      binary: false,
    });
    expect(encode(message({ args: [new Uint8Array([0xff])] }), '1.2', delivery)).toMatchObject({
      data: expect.any(Uint8Array),
      binary: true,
    });
  });

  it('builds a shared frame once and hands every receiver the same bytes', () => {
    const encode = frameEncoder();
    const routed = message({ args: ['to everyone'] });
    const shared = { ...delivery, messageId: 'tp7', shared: true };
    const first = encode(routed, '1.2', shared);
    expect(encode(routed, '1.2', shared).data).toBe(first.data);
    expect(first.binary).toBe(false);
    expect(header(parse(first.data)!, 'message-id')).toBe('tp7');
    // Another subscription id is another frame.
    expect(encode(routed, '1.2', { ...shared, subscription: 'other' }).data).not.toBe(first.data);
  });

  it('splices each subscription id into one topic frame per message, escaped per version', () => {
    const { topicFrame } = createMessageEncoder();
    const routed = message({ args: ['héllo'], headers: { custom: 'x' }, publicationId: 9 });
    const frameFor = (id: string, version: '1.0' | '1.2' = '1.2') => {
      const frame = topicFrame(routed, version, wireSubscriptionId(id, version))!;
      return { data: frame.data, binary: frame.binary };
    };
    const first = frameFor('sub-0');
    const second = frameFor('ünï:code');
    const again = frameFor('sub-0');
    const old = frameFor('a\nb', '1.0');
    const parsed = [first, second, again].map((f) => parse(f.data)!);
    expect(parsed.map((f) => header(f, 'subscription'))).toEqual(['sub-0', 'ünï:code', 'sub-0']);
    expect(textOf(second.data)).toContain('subscription:ünï\\ccode\n');
    for (const frame of parsed) {
      expect([header(frame, 'destination'), header(frame, 'message-id'), header(frame, 'custom')]).toEqual([
        '/topic/a.b',
        'tp9',
        'x',
      ]);
      expect(new TextDecoder().decode(frame.body)).toBe('héllo');
    }
    expect(first.binary).toBe(false);
    // STOMP 1.0 has no escapes: a line break in an id becomes a space.
    expect(textOf(old.data)).toContain('subscription:a b\n');
  });

  it('[STOMP 1.2 MESSAGE] names the publication in the message-id, for every publication id up to 2^53', () => {
    const { topicFrame } = createMessageEncoder();
    const ids = [1, 999_999_999, 1e9, 1e9 + 1, 123_456_780_000_001, 2 ** 53 - 1, 2 ** 53];
    for (let k = 10; k < 90_071_992; k += 9_007_199) ids.push(k * 1e8 - 1, k * 1e8, k * 1e8 + 7);
    for (const publicationId of ids) {
      const frame = topicFrame(message({ args: ['x'], publicationId }), '1.2', wireSubscriptionId('s', '1.2'))!;
      expect(header(parse(frame.data)!, 'message-id')).toBe(`tp${String(publicationId)}`);
    }
  });

  it('[STOMP 1.2 Value Encoding] escapes the topic in a topic MESSAGE destination, per version', () => {
    const { topicFrame } = createMessageEncoder();
    const routed = message({ topic: 'a:b\\c', args: ['x'] });
    const modern = textOf(topicFrame(routed, '1.2', wireSubscriptionId('s', '1.2'))!.data);
    expect(modern).toContain('destination:/topic/a\\cb\\\\c\n');
    expect(header(parse(modern)!, 'destination')).toBe('/topic/a:b\\c');
    const old = textOf(topicFrame(routed, '1.0', wireSubscriptionId('s', '1.0'))!.data);
    expect(old).toContain('destination:/topic/a:b\\c\n');
  });

  it('hands receivers that share a subscription id in a row one Buffer', () => {
    const { topicFrame } = createMessageEncoder();
    const routed = message({ args: ['to everyone'] });
    const id = wireSubscriptionId('sub-0', '1.2');
    const first = topicFrame(routed, '1.2', id)!.data;
    const second = topicFrame(routed, '1.2', wireSubscriptionId('sub-0', '1.2'))!.data;
    const third = topicFrame(routed, '1.2', id)!.data;
    expect(second).toBeInstanceOf(Buffer);
    expect(third).toBe(second);
    expect(textOf(second)).toBe(textOf(first));
  });

  it('splices subscription ids into a binary topic frame', () => {
    const { topicFrame } = createMessageEncoder();
    const routed = message({ args: [new Uint8Array([0xff, 0, 1])] });
    const frames = ['one', 'three'].map((id) => {
      const frame = topicFrame(routed, '1.2', wireSubscriptionId(id, '1.2'))!;
      return { data: frame.data, binary: frame.binary };
    });
    for (const [i, id] of ['one', 'three'].entries()) {
      const parsed = parse(frames[i]!.data)!;
      expect(frames[i]!.binary).toBe(true);
      expect(header(parsed, 'subscription')).toBe(id);
      expect([...parsed.body]).toEqual([0xff, 0, 1]);
    }
  });

  it('gives up on a body it cannot encode once per message: no frame, one log line for 50 receivers', () => {
    const { topicFrame, frame } = createMessageEncoder();
    const { logger, lines } = captureLogs();
    const routed = message({ args: [nested(200_000)] });
    for (let i = 0; i < 50; i++) {
      expect(topicFrame(routed, '1.2', wireSubscriptionId(`s${i}`, '1.2'), logger)).toBeUndefined();
      expect(frame(routed, '1.2', delivery, logger)).toBeUndefined();
    }
    expect(lines.map((line) => line.msg)).toEqual(['message cannot be encoded as a STOMP body, not delivered']);
  });
});

function nested(depth: number): unknown {
  let value: unknown = 0;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

describe('payload mapping', () => {
  it('keeps the content type of a text message and defaults to text/plain', () => {
    expect(encodePayload(message({ args: ['x'], contentType: 'text/html' })).contentType).toBe('text/html');
    expect(encodePayload(message({ args: ['x'] })).contentType).toBe('text/plain');
  });

  it('writes binary values inside JSON as WAMP JSON does', () => {
    const { body } = encodePayload(message({ args: [{ data: new Uint8Array([1, 2]) }] }));
    expect(JSON.parse(body.text!)).toEqual({ data: '\u0000AQI=' });
  });

  it('sends no body and no content type for an empty payload', () => {
    const encoded = encodePayload(message({}));
    expect([encoded.body.byteLength, encoded.contentType]).toEqual([0, undefined]);
  });

  it('[limits.maxDepth] decodes a JSON body nested to the limit and refuses one level more, unparsed', () => {
    const body = (depth: number) => new TextEncoder().encode(`${'['.repeat(depth)}${']'.repeat(depth)}`);
    expect(decodeBody(body(64), 'application/json', 64)).toMatchObject({ args: [expect.any(Array)] });
    expect(decodeBody(body(65), 'application/json', 64)).toEqual({
      error: 'JSON body nested deeper than 64 levels',
      tooDeep: true,
    });
    // Brackets in a text body are not JSON: no limit applies.
    expect(decodeBody(body(65), 'text/plain', 64)).toMatchObject({ args: [expect.any(String)] });
  });

  it('decodes text bodies with their charset', () => {
    const latin1 = new Uint8Array([0x63, 0x61, 0x66, 0xe9]);
    expect(decodeBody(latin1, 'text/plain;charset=iso-8859-1')).toEqual({
      args: ['café'],
      contentType: 'text/plain;charset=iso-8859-1',
    });
  });

  it('accepts JSON media types with a suffix', () => {
    expect(decodeBody(new TextEncoder().encode('[1]'), 'application/vnd.api+json')).toMatchObject({ args: [[1]] });
  });
});
