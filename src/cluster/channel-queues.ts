/**
 * The queue port of the channel engine: queues whose messages live in the shared service
 * (queue-leases.ts, queue-store.ts), so that every node's consumers compete for them.
 * A queue that got messages (enqueued, released, or recovered from a dead node) is announced on
 * its queue-ready channel, which only the nodes with local consumers of it subscribe to.
 */
import type { EnqueueBounds, Lease, LeasedMessage, QueuePort, QueueRefusal } from '../router/ports.js';
import type { RoutedMessage } from '../router/types.js';
import { type EnvelopeOf, Kind } from './codec.js';
import type { NodeLink } from './node-link.js';
import { QueueLeases } from './queue-leases.js';

/** The QueuePort of a channel engine (`shared`: messages live in the service, not the router). */
export class ChannelQueues implements QueuePort {
  readonly shared = true;
  readonly #link: NodeLink;
  readonly #leases: QueueLeases;

  constructor(link: NodeLink) {
    this.#link = link;
    this.#leases = new QueueLeases(link.backend.queues, link.names, link.nodeId);
  }

  enqueue(
    realm: string,
    queue: string,
    message: RoutedMessage,
    bounds: EnqueueBounds,
  ): Promise<QueueRefusal | undefined> {
    return this.#leases.enqueue(realm, queue, message, bounds).then(
      async (refusal) => {
        if (refusal !== undefined) return refusal;
        await this.#ready(realm, queue).catch((err: unknown) => this.#link.fail(err, 'enqueue'));
        return undefined;
      },
      (err: unknown) => {
        this.#link.fail(err, 'enqueue');
        return undefined;
      },
    );
  }

  take(realm: string, queue: string, count: number): Promise<readonly LeasedMessage[]> {
    return this.#leases.take(realm, queue, count).catch((err: unknown) => {
      this.#link.fail(err, 'take');
      throw err;
    });
  }

  settle(lease: Lease): void {
    this.#leases.settle(lease).catch((err: unknown) => this.#link.fail(err, 'ack'));
  }

  release(lease: Lease): void {
    this.#leases
      .release(lease)
      .then(() => this.#ready(lease.realm, lease.name))
      .catch((err: unknown) => this.#link.fail(err, 'requeue'));
  }

  purge(realm: string, queue: string): Promise<number> {
    return this.#leases.purge(realm, queue).catch((err: unknown) => {
      this.#link.fail(err, 'purge');
      throw err;
    });
  }

  watch(realm: string, queue: string, on: boolean): void {
    const interest = { glob: false, name: this.#link.names.queueReady(realm, queue) };
    if (on) this.#link.subscriptions.add(interest);
    else this.#link.subscriptions.remove(interest);
  }

  /** Another node announced messages on a queue: local consumers with room take some. */
  onReady(envelope: EnvelopeOf<typeof Kind.QUEUE_READY>): void {
    this.#link.host?.queueReady(envelope.r, envelope.q);
  }

  /**
   * Gives back what `node` took and did not settle (it died, or it is this node closing), and
   * wakes the consumers of the queues that got messages back. Never rejects.
   */
  recover(node: string): Promise<void> {
    return this.#leases
      .recover(node)
      .then((refilled) => Promise.all(refilled.map(([realm, queue]) => this.#ready(realm, queue))))
      .then(
        () => {},
        (err: unknown) => this.#link.fail(err, 'queue recovery'),
      );
  }

  /** Wakes the consumers of a queue that got messages, here and on the other nodes. */
  #ready(realm: string, queue: string): Promise<unknown> {
    // Our own notification comes back as an echo and is dropped: wake local consumers directly.
    this.#link.host?.queueReady(realm, queue);
    return this.#link.send(this.#link.names.queueReady(realm, queue), { k: Kind.QUEUE_READY, r: realm, q: queue });
  }
}
