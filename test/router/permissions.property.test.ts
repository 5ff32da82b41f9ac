/**
 * issue 11, "Done when": for random rules, topics and pattern subscriptions, nothing is ever
 * delivered to a session that may not subscribe to its topic, and no call reaches a callee whose
 * registration the rules would refuse. The oracle below matches rules against concrete URIs on its
 * own (segment recursion), independent of the router's coverage check.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Action, MatchPolicy, PermissionRule, RoutedMessage } from '../../src/plugin/index.js';
import { testRouter } from './fixtures.js';

const SEGMENTS = ['a', 'b', 'c'];
const ROLES = ['r1', 'r2'];

/** Every topic of one to three segments over the alphabet: the universe the property is checked on. */
const UNIVERSE: string[] = (() => {
  const out: string[] = [];
  const grow = (prefix: string[]) => {
    if (prefix.length > 0) out.push(prefix.join('.'));
    if (prefix.length < 3) for (const s of SEGMENTS) grow([...prefix, s]);
  };
  grow([]);
  return out;
})();

function segmentsMatch(pattern: readonly string[], topic: readonly string[]): boolean {
  if (pattern.length === 0) return topic.length === 0;
  const [head, ...rest] = pattern;
  if (head === '#') return topic.some((_, i) => segmentsMatch(rest, topic.slice(i))) || segmentsMatch(rest, []);
  if (topic.length === 0) return false;
  if (head === '*' || head === '' || head === topic[0]) return segmentsMatch(rest, topic.slice(1));
  return false;
}

/** The oracle: does `uri`/`match` name `topic`? */
function names(uri: string, match: MatchPolicy, topic: string): boolean {
  if (match === 'exact') return uri === topic;
  if (match === 'prefix') return topic.startsWith(uri);
  return segmentsMatch(uri.split('.'), topic.split('.'));
}

function permitted(rules: readonly PermissionRule[], role: string, action: Action, topic: string): boolean {
  return rules.some((r) => r.role === role && r.allow.includes(action) && names(r.uri, r.match ?? 'exact', topic));
}

const segment = fc.constantFrom(...SEGMENTS);
const wildSegment = fc.constantFrom(...SEGMENTS, '*', '#', '*');
const topicArb = fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => s.join('.'));
const patternArb: fc.Arbitrary<{ uri: string; match: MatchPolicy }> = fc.oneof(
  topicArb.map((uri) => ({ uri, match: 'exact' as const })),
  fc
    .tuple(fc.array(segment, { maxLength: 2 }), fc.constantFrom('', '.', 'a', 'b'))
    .map(([s, tail]) => ({
      uri: s.join('.') + (s.length > 0 ? tail : tail === '.' ? '' : tail),
      match: 'prefix' as const,
    }))
    .filter((p) => p.uri.length > 0),
  fc.array(wildSegment, { minLength: 1, maxLength: 3 }).map((s) => ({ uri: s.join('.'), match: 'wildcard' as const })),
);
const ruleArb: fc.Arbitrary<PermissionRule> = fc
  .tuple(
    fc.constantFrom(...ROLES),
    fc.oneof(patternArb, fc.constant({ uri: '', match: 'prefix' as const })),
    fc.subarray(['publish', 'subscribe', 'call', 'register'] as Action[], { minLength: 1 }),
  )
  .map(([role, { uri, match }, allow]) => ({ role, uri, match, allow }));

describe('Permissions (property)', () => {
  it('never delivers a message to a session whose role may not subscribe to its topic', () => {
    fc.assert(
      fc.property(
        fc.array(ruleArb, { maxLength: 5 }),
        fc.array(fc.tuple(fc.constantFrom(...ROLES), patternArb), { minLength: 1, maxLength: 6 }),
        (rules, wanted) => {
          const { router, open } = testRouter({ access: { permissions: rules } });
          const received: { role: string; message: RoutedMessage }[] = [];
          for (const [role, { uri, match }] of wanted) {
            const session = open({ authrole: role });
            try {
              session.subscribe(uri, { match }, (message) => received.push({ role, message }));
            } catch {
              // refused: the point is what arrives, checked below
            }
          }
          for (const topic of UNIVERSE) router.local().publish({ topic, args: [topic] });
          for (const { role, message } of received) {
            expect(permitted(rules, role, 'subscribe', message.topic), `${role} got ${message.topic}`).toBe(true);
          }
        },
      ),
      { numRuns: 300, seed: 1129 },
    );
  });

  it('never routes a call to a callee whose role may not register a pattern naming that procedure', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(ruleArb, { maxLength: 5 }),
        fc.array(fc.tuple(fc.constantFrom(...ROLES), patternArb), { minLength: 1, maxLength: 6 }),
        async (rules, wanted) => {
          const { router, open } = testRouter({ access: { permissions: rules } });
          const reached: { role: string; procedure: string }[] = [];
          for (const [role, { uri, match }] of wanted) {
            try {
              open({ authrole: role }).register(uri, { match }, (invocation) => {
                reached.push({ role, procedure: invocation.procedure });
                invocation.resolve({});
              });
            } catch {
              // refused, or the pattern is already registered
            }
          }
          const calls = UNIVERSE.map((procedure) => {
            try {
              return router
                .local()
                .call(procedure)
                .result.catch(() => undefined);
            } catch {
              return undefined;
            }
          });
          await Promise.all(calls);
          for (const { role, procedure } of reached) {
            expect(permitted(rules, role, 'register', procedure), `${role} answered ${procedure}`).toBe(true);
          }
        },
      ),
      { numRuns: 200, seed: 1129 },
    );
  });

  it('grants an exact subscription whenever some rule of the role names its topic (the check is not stricter than the rules)', () => {
    fc.assert(
      fc.property(fc.array(ruleArb, { maxLength: 5 }), fc.constantFrom(...ROLES), topicArb, (rules, role, topic) => {
        const { open } = testRouter({ access: { permissions: rules } });
        const session = open({ authrole: role });
        const allowed = (() => {
          try {
            session.subscribe(topic, { match: 'exact' }, () => {});
            return true;
          } catch {
            return false;
          }
        })();
        expect(allowed).toBe(permitted(rules, role, 'subscribe', topic));
      }),
      { numRuns: 500, seed: 1129 },
    );
  });
});
