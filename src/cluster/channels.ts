/**
 * Channel names of the pub/sub engines (Redis, the in-process bus), and the glob that covers a
 * subscription pattern. A glob may be broader than its pattern: the receiving node re-matches
 * every message against its own index, so a broad glob costs bandwidth, never a wrong delivery.
 *
 * Layout under a prefix (default `junction:`):
 * - `<prefix>t:<realm>:<topic>`: one channel per (realm, topic); a publish goes to exactly one.
 * - `<prefix>n:<nodeId>`: direct messages to one node (calls, replies, snapshots).
 * - `<prefix>ctl`: cluster control broadcasts (heartbeats, registrations, session queries).
 * - `<prefix>qr:<realm>:<queue>`: "the queue has messages", for the nodes consuming it.
 * Keys (shared queues, see queue-store.ts): `<prefix>q:<realm>:<queue>` (the queue),
 * `<prefix>qp:<node>:<realm>:<queue>` (taken by a node), `<prefix>qn:<node>` (a node's lists),
 * `<prefix>qt:<realm>` and `<prefix>qb:<realm>` (the realm's tally of queues and bytes held).
 */
import { isWildSegment } from '../router/patterns/topic-pattern.js';
import type { MatchPolicy } from '../router/types.js';

/** Redis glob metacharacters (`stringmatchlen`): `*`, `?`, `[`, `]`, and `\` the escape. */
const GLOB_META = /[*?[\]\\]/g;

/** Escapes a literal so that a Redis glob matches it character for character. */
export function escapeGlob(literal: string): string {
  return literal.replace(GLOB_META, '\\$&');
}

export interface ChannelNames {
  readonly control: string;
  topic(realm: string, topic: string): string;
  node(nodeId: string): string;
  queueReady(realm: string, queue: string): string;
  queue(realm: string, queue: string): string;
  processing(nodeId: string, realm: string, queue: string): string;
  nodeQueues(nodeId: string): string;
  /** The realm's tally for the queue bounds (queue-store.ts `RealmTally`). */
  tally(realm: string): { readonly queues: string; readonly bytes: string; readonly queuePrefix: string };
  /** The exact channel or the glob to receive a subscription pattern's messages. */
  interest(realm: string, pattern: string, match: MatchPolicy): { readonly glob: boolean; readonly name: string };
}

export function channelNames(prefix: string): ChannelNames {
  const topic = (realm: string, name: string) => `${prefix}t:${realm}:${name}`;
  return {
    control: `${prefix}ctl`,
    topic,
    node: (nodeId) => `${prefix}n:${nodeId}`,
    queueReady: (realm, queue) => `${prefix}qr:${realm}:${queue}`,
    queue: (realm, queue) => `${prefix}q:${realm}:${queue}`,
    processing: (nodeId, realm, queue) => `${prefix}qp:${nodeId}:${realm}:${queue}`,
    nodeQueues: (nodeId) => `${prefix}qn:${nodeId}`,
    tally: (realm) => ({
      queues: `${prefix}qt:${realm}`,
      bytes: `${prefix}qb:${realm}`,
      queuePrefix: `${prefix}q:${realm}:`,
    }),
    interest(realm, pattern, match) {
      if (match === 'exact') return { glob: false, name: topic(realm, pattern) };
      const base = escapeGlob(topic(realm, ''));
      // WAMP prefix match is a plain string prefix: the glob is exact.
      if (match === 'prefix') return { glob: true, name: `${base}${escapeGlob(pattern)}*` };
      return { glob: true, name: `${base}${escapeGlob(literalHead(pattern))}*` };
    },
  };
}

/**
 * The literal segments before the first wild one, without the final dot (`a.b.#` → `a.b`),
 * so that `#` matching zero segments (`a.b` itself) is still covered by `a.b*`.
 */
function literalHead(pattern: string): string {
  const head: string[] = [];
  for (const segment of pattern.split('.')) {
    if (isWildSegment(segment)) break;
    head.push(segment);
  }
  return head.join('.');
}
