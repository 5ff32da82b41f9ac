/**
 * The topic port of the channel engine: node-interest subscriptions (one channel or glob per
 * local subscription pattern, channels.ts), one PUBLISH per message on its topic's channel, and
 * delivery of other nodes' messages to the router. A node whose patterns overlap (`chat.room1`
 * and `chat.*`) gets a publish once per matching subscription: the copies are dropped by
 * publication id, and the router's own index decides which local subscribers get it.
 */

import { hasKeys } from '../payload/records.js';
import type { TopicPort } from '../router/ports.js';
import type { MatchPolicy, PublishOptions, RoutedMessage } from '../router/types.js';
import { type EnvelopeOf, Kind } from './codec.js';
import type { NodeLink } from './node-link.js';
import { BatchFailures } from './publish-batch.js';
import { RecentIds } from './recent-ids.js';

const NO_OPTIONS: PublishOptions = {};

/** The TopicPort of a channel engine; `onPublish` is fed by the engine's dispatch. */
export class ChannelTopics implements TopicPort {
  readonly #link: NodeLink;
  readonly #recent = new RecentIds();
  readonly #failures: BatchFailures;

  constructor(link: NodeLink) {
    this.#link = link;
    this.#failures = new BatchFailures((_sent, err) => link.fail(err, 'publish'));
  }

  addInterest(realm: string, pattern: string, match: MatchPolicy): void {
    this.#link.subscriptions.add(this.#link.names.interest(realm, pattern, match));
  }

  removeInterest(realm: string, pattern: string, match: MatchPolicy): void {
    this.#link.subscriptions.remove(this.#link.names.interest(realm, pattern, match));
  }

  publish(realm: string, message: RoutedMessage, options: PublishOptions): void {
    const link = this.#link;
    if (link.state !== 'started') return;
    link.stats.published++;
    const o = hasKeys(options) ? options : undefined;
    const channel = link.names.topic(realm, message.topic);
    this.#failures.watch(link.send(channel, { k: Kind.PUBLISH, r: realm, m: message, o }));
  }

  /** A message published on another node: delivered to this node's router once. */
  onPublish(envelope: EnvelopeOf<typeof Kind.PUBLISH>): void {
    const host = this.#link.host;
    if (host === undefined || !this.#recent.add(envelope.m.publicationId)) return;
    this.#link.stats.received++;
    host.deliver(envelope.r, envelope.m, envelope.o ?? NO_OPTIONS);
  }
}
