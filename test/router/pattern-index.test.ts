import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type MatchPolicy, type Subscription, validatePattern } from '../../src/router/index.js';
import { testRouter } from './fixtures.js';

/** The naive reference matcher the index must agree with. */
function matches(match: MatchPolicy, pattern: string, topic: string): boolean {
  if (match === 'exact') return pattern === topic;
  if (match === 'prefix') return topic.startsWith(pattern);
  return wildcardMatches(pattern.split('.'), topic.split('.'));
}

function wildcardMatches(pattern: readonly string[], topic: readonly string[]): boolean {
  if (pattern.length === 0) return topic.length === 0;
  const [head, ...rest] = pattern;
  if (head === '#') {
    for (let k = 0; k <= topic.length; k++) if (wildcardMatches(rest, topic.slice(k))) return true;
    return false;
  }
  if (topic.length === 0) return false;
  return (head === '*' || head === '' || head === topic[0]) && wildcardMatches(rest, topic.slice(1));
}

describe('PatternIndex', () => {
  it('examines only the matching subscriptions, whatever the number of unrelated ones', () => {
    const { router, open } = testRouter({ limits: { maxSubscriptionsPerSession: 20_000 } });
    const session = open();
    for (let i = 0; i < 2500; i++) {
      session.subscribe(`other.${i}.x`, { match: 'exact' }, () => {});
      session.subscribe(`other.${i}`, { match: 'prefix' }, () => {});
      session.subscribe(`other.*.n${i}`, { match: 'wildcard' }, () => {});
      session.subscribe(`#.n${i}`, { match: 'wildcard' }, () => {});
    }
    const views = router.realm('realm1')!;
    expect(views.subscriptions()).toHaveLength(10_000);
    for (const [pattern, match] of [
      ['chat.room1', 'exact'],
      ['chat.', 'prefix'],
      ['chat.*', 'wildcard'],
      ['#', 'wildcard'],
    ] as const) {
      session.subscribe(pattern, { match }, () => {});
    }
    const result = router.local().publish({ topic: 'chat.room1' });
    expect(result.delivered).toBe(4);
    expect(router.stats.examined).toBe(4);
    router.local().publish({ topic: 'nobody.listens' });
    expect(router.stats.examined).toBe(1); // only '#'
  });

  it('delivers the same subscriptions, in creation order, as a naive matcher (property)', () => {
    const segment = fc.constantFrom('a', 'b', 'c');
    const topic = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join('.'));
    const wildSegment = fc.constantFrom('a', 'b', '*', '', '#');
    const pattern = fc.oneof(
      fc.record({ match: fc.constant<MatchPolicy>('exact'), pattern: topic }),
      fc.record({
        match: fc.constant<MatchPolicy>('prefix'),
        pattern: fc.tuple(topic, fc.nat()).map(([t, n]) => t.slice(0, 1 + (n % t.length))),
      }),
      fc.record({
        match: fc.constant<MatchPolicy>('wildcard'),
        pattern: fc.array(wildSegment, { minLength: 1, maxLength: 4 }).map((s) => s.join('.')),
      }),
    );
    const command = fc.oneof(
      fc.record({ kind: fc.constant('subscribe' as const), sub: pattern }),
      fc.record({ kind: fc.constant('unsubscribe' as const), index: fc.nat() }),
      fc.record({ kind: fc.constant('publish' as const), topic }),
    );
    fc.assert(
      fc.property(fc.array(command, { maxLength: 40 }), (commands) => {
        const { router, open } = testRouter();
        const session = open();
        const live: { key: number; match: MatchPolicy; pattern: string; handle: Subscription }[] = [];
        let received: number[] = [];
        let key = 0;
        for (const c of commands) {
          if (c.kind === 'subscribe') {
            if (validatePattern(c.sub.pattern, c.sub.match) !== undefined) continue;
            const k = key++;
            const handle = session.subscribe(c.sub.pattern, { match: c.sub.match }, () => received.push(k));
            live.push({ key: k, ...c.sub, handle });
          } else if (c.kind === 'unsubscribe') {
            if (live.length === 0) continue;
            const [gone] = live.splice(c.index % live.length, 1);
            gone!.handle.unsubscribe();
          } else {
            received = [];
            router.local().publish({ topic: c.topic });
            const expected = live.filter((s) => matches(s.match, s.pattern, c.topic)).map((s) => s.key);
            expect(received).toEqual(expected);
          }
        }
        expect(router.realm('realm1')!.subscriptions()).toHaveLength(new Set(live.map((s) => s.handle.id)).size);
      }),
      { numRuns: 300 },
    );
  });
});
