import { describe, expect, it } from 'vitest';
import { ErrorUri, isReservedTopic, type MatchPolicy, validatePattern, validateTopic } from '../../src/router/index.js';
import { inbox, testRouter } from './fixtures.js';

describe('validateTopic', () => {
  it.each(['a', 'a.b', 'com.example-app.room_1', 'host:61613', 'ü.ñ'])('accepts %j', (topic) => {
    expect(validateTopic(topic)).toBeUndefined();
  });

  it.each(['', '.a', 'a.', 'a..b', 'a b', 'a\tb', 'a.#', 'a.*', 'a#'])('rejects %j', (topic) => {
    expect(validateTopic(topic)).toEqual(expect.any(String));
  });
});

describe('isReservedTopic', () => {
  it.each(['wamp.session.on_join', 'junction.reply.7.r1'])('reserves %j for the broker', (topic) => {
    expect(isReservedTopic(topic)).toBe(true);
  });

  it.each(['wampish.x', 'app.junction.x', 'junction'])('leaves %j to applications', (topic) => {
    expect(isReservedTopic(topic)).toBe(false);
  });
});

describe('validatePattern', () => {
  const cases: [MatchPolicy, string, boolean][] = [
    ['exact', 'a.b', true],
    ['exact', 'a.*', false],
    ['exact', 'a..b', false],
    ['prefix', 'a.', true],
    ['prefix', 'a.b', true],
    ['prefix', '', false],
    ['prefix', 'a.#', false],
    ['wildcard', 'a..b', true],
    ['wildcard', '#', true],
    ['wildcard', '*.#.*', true],
    ['wildcard', 'a.b*', false],
    ['wildcard', 'a.#x', false],
    ['wildcard', 'a b', false],
    ['wildcard', '', false],
  ];
  it.each(cases)('%s %j valid = %s', (match, pattern, valid) => {
    expect(validatePattern(pattern, match) === undefined).toBe(valid);
  });
});

describe('Subscription patterns', () => {
  const table: [MatchPolicy, string, string, boolean][] = [
    ['exact', 'a.b', 'a.b', true],
    ['exact', 'a.b', 'a.b.c', false],
    ['exact', 'a.b', 'a', false],
    // WAMP prefix match is a plain string prefix.
    ['prefix', 'a.b', 'a.b', true],
    ['prefix', 'a.b', 'a.b.c', true],
    ['prefix', 'a.b', 'a.bc', true],
    ['prefix', 'a.b', 'a', false],
    ['prefix', 'a.b', 'a.c', false],
    ['prefix', 'a.', 'a.b', true],
    ['prefix', 'a.', 'a', false],
    // `*` and an empty segment match exactly one segment.
    ['wildcard', 'a.*.c', 'a.b.c', true],
    ['wildcard', 'a.*.c', 'a.c', false],
    ['wildcard', 'a.*.c', 'a.b.b.c', false],
    ['wildcard', 'a..c', 'a.b.c', true],
    ['wildcard', 'a..c', 'a.b.d', false],
    ['wildcard', '..', 'a.b.c', true],
    ['wildcard', '..', 'a.b', false],
    ['wildcard', '*', 'a', true],
    ['wildcard', '*', 'a.b', false],
    // `#` matches zero or more segments (RabbitMQ topic exchange).
    ['wildcard', '#', 'a', true],
    ['wildcard', '#', 'a.b.c', true],
    ['wildcard', 'a.#', 'a', true],
    ['wildcard', 'a.#', 'a.b', true],
    ['wildcard', 'a.#', 'a.b.c', true],
    ['wildcard', 'a.#', 'ab', false],
    ['wildcard', 'a.#', 'b.a', false],
    ['wildcard', '#.c', 'c', true],
    ['wildcard', '#.c', 'a.b.c', true],
    ['wildcard', '#.c', 'a.c.d', false],
    ['wildcard', 'a.#.d', 'a.d', true],
    ['wildcard', 'a.#.d', 'a.b.c.d', true],
    ['wildcard', 'a.#.d', 'a.b.c', false],
    ['wildcard', 'a.*.#.d', 'a.d', false],
    ['wildcard', 'a.*.#.d', 'a.b.d', true],
    ['wildcard', 'a.*.#.d', 'a.b.c.d', true],
    ['wildcard', '#.b.#', 'a.b.c', true],
    ['wildcard', '#.b.#', 'b', true],
    ['wildcard', '#.b.#', 'a.c', false],
  ];

  it.each(table)('%s %j receives a publish to %j: %s', (match, pattern, topic, expected) => {
    const { router, open } = testRouter();
    const box = inbox();
    open().subscribe(pattern, { match }, box.handler);
    router.local().publish({ topic, args: [1] });
    expect(box.messages.length).toBe(expected ? 1 : 0);
    expect(router.realm('realm1')!.matchSubscriptions(topic).length).toBe(expected ? 1 : 0);
  });

  it('delivers once to a pattern with several "#" that matches along several splits', () => {
    const { router, open } = testRouter();
    const box = inbox();
    open().subscribe('#.#.a.#', { match: 'wildcard' }, box.handler);
    router.local().publish({ topic: 'a.a.a.a' });
    expect(box.messages).toHaveLength(1);
  });

  it('stays fast for a pattern of many "#" against a long topic', () => {
    const { router, open } = testRouter();
    const box = inbox();
    open().subscribe(Array(30).fill('#').join('.'), { match: 'wildcard' }, box.handler);
    const started = performance.now();
    router.local().publish({ topic: Array(60).fill('x').join('.') });
    expect(box.messages).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('throws invalid_uri when subscribing with an invalid pattern', () => {
    const { open } = testRouter();
    expect(() => open().subscribe('a.b*', { match: 'wildcard' }, () => {})).toThrowError(
      expect.objectContaining({ uri: ErrorUri.INVALID_URI }),
    );
  });

  it('throws invalid_argument for an unknown match policy', () => {
    const { open } = testRouter();
    expect(() => open().subscribe('a', { match: 'regex' as MatchPolicy }, () => {})).toThrowError(
      expect.objectContaining({ uri: ErrorUri.INVALID_ARGUMENT }),
    );
  });

  it('throws invalid_uri when publishing to a topic with a wildcard', () => {
    const { open } = testRouter();
    expect(() => open().publish({ topic: 'a.*' })).toThrowError(expect.objectContaining({ uri: ErrorUri.INVALID_URI }));
  });
});
