/** Channel names and the globs that cover subscription patterns (channels.ts). */
import { describe, expect, it } from 'vitest';
import { globToRegExp } from '../../src/cluster/bus-engine.js';
import { channelNames, escapeGlob } from '../../src/cluster/channels.js';
import { RecentIds } from '../../src/cluster/recent-ids.js';
import { PatternIndex } from '../../src/router/patterns/pattern-index.js';
import type { MatchPolicy } from '../../src/router/types.js';

const names = channelNames('j:');

/** Whether the glob (or channel) of a pattern receives a publish to `topic`. */
function covers(pattern: string, match: MatchPolicy, topic: string): boolean {
  const { glob, name } = names.interest('realm1', pattern, match);
  const channel = names.topic('realm1', topic);
  return glob ? globToRegExp(name).test(channel) : name === channel;
}

/** Whether the router's own index matches (the receiving node re-matches with it). */
function matches(pattern: string, match: MatchPolicy, topic: string): boolean {
  const index = new PatternIndex<{ pattern: string; match: MatchPolicy }>();
  index.add({ pattern, match });
  let found = false;
  index.match(topic, () => {
    found = true;
  });
  return found;
}

describe('channelNames', () => {
  it('uses one channel per (realm, topic) for exact subscriptions', () => {
    expect(names.interest('realm1', 'chat.room1', 'exact')).toEqual({ glob: false, name: 'j:t:realm1:chat.room1' });
  });

  it('escapes the glob characters of Redis in literal parts', () => {
    expect(escapeGlob('a*b?c[d]e\\f')).toBe('a\\*b\\?c\\[d\\]e\\\\f');
    expect(names.interest('r[1]', 'x?', 'prefix').name).toBe('j:t:r\\[1\\]:x\\?*');
  });

  it('covers every topic a prefix or wildcard pattern matches (a superset is allowed, a miss is not)', () => {
    const cases: [string, MatchPolicy][] = [
      ['a.b', 'prefix'],
      ['a.', 'prefix'],
      ['a.*', 'wildcard'],
      ['a.#', 'wildcard'],
      ['*.b', 'wildcard'],
      ['a..c', 'wildcard'],
      ['#', 'wildcard'],
      ['a.[x].#', 'wildcard'],
    ];
    const topics = ['a', 'a.b', 'a.bc', 'a.b.c', 'x.b', 'a.x.c', 'a.[x].y', 'a.[x]', 'b'];
    for (const [pattern, match] of cases) {
      for (const topic of topics) {
        if (matches(pattern, match, topic)) expect(covers(pattern, match, topic), `${pattern} ${topic}`).toBe(true);
      }
    }
  });

  it('keeps other realms out of a realm-wide glob', () => {
    expect(covers('#', 'wildcard', 'a')).toBe(true);
    const { name } = names.interest('realm1', '#', 'wildcard');
    expect(globToRegExp(name).test(names.topic('realm2', 'a'))).toBe(false);
  });
});

describe('RecentIds', () => {
  it('reports a repeated id as seen until it falls out of the window', () => {
    const recent = new RecentIds(2);
    expect(recent.add(1)).toBe(true);
    expect(recent.add(1)).toBe(false);
    recent.add(2);
    recent.add(3);
    expect(recent.add(1)).toBe(true);
  });
});
