/**
 * The leases of this node on the shared queues, in the QueueStore's terms: messages encoded as
 * entries, taken into this node's processing lists, settled or released per lease, and a dead
 * node's leases given back. The queue port (channel-queues.ts) adds the notifications.
 */
import type { EnqueueBounds, Lease, LeasedMessage, QueueRefusal } from '../router/ports.js';
import type { RoutedMessage } from '../router/types.js';
import type { ChannelNames } from './channels.js';
import { decodeValue, encodeShared } from './codec.js';
import { makeEntry, type QueueStore, REDELIVERY, readEntry } from './queue-store.js';

/** This node's access to the shared queues' lists, lease by lease. */
export class QueueLeases {
  readonly #store: QueueStore;
  readonly #names: ChannelNames;
  readonly #nodeId: string;

  constructor(store: QueueStore, names: ChannelNames, nodeId: string) {
    this.#store = store;
    this.#names = names;
    this.#nodeId = nodeId;
  }

  /** Resolves with the bound that refused the message, or undefined once it is stored. */
  enqueue(
    realm: string,
    queue: string,
    message: RoutedMessage,
    bounds: EnqueueBounds,
  ): Promise<QueueRefusal | undefined> {
    const entry = makeEntry(bounds.bytes, bounds.expires, encodeShared(message));
    return this.#store.push(
      this.#names.queue(realm, queue),
      this.#names.tally(realm),
      queue,
      entry,
      bounds,
      Date.now(),
    );
  }

  /** Up to `count` entries, taken in one pipelined burst (the client keeps command order). */
  async take(realm: string, queue: string, count: number): Promise<LeasedMessage[]> {
    const source = this.#names.queue(realm, queue);
    const processing = this.#names.processing(this.#nodeId, realm, queue);
    const nodeKey = this.#names.nodeQueues(this.#nodeId);
    const origin = JSON.stringify([source, realm, queue]);
    const tally = this.#names.tally(realm);
    const now = Date.now();
    const taken = await Promise.all(
      Array.from({ length: count }, () => this.#store.take(source, processing, nodeKey, origin, tally, queue, now)),
    );
    const leased: LeasedMessage[] = [];
    for (const entry of taken) {
      if (entry === undefined) continue;
      const { expires, body } = readEntry(entry);
      const message = decodeValue(body) as RoutedMessage;
      const lease = { realm, name: queue, queue: source, processing, entry };
      leased.push({ message, expires, redelivered: entry[0] === REDELIVERY, lease });
    }
    return leased;
  }

  settle(lease: Lease): Promise<void> {
    return this.#store.remove(lease.processing, lease.entry, this.#names.tally(lease.realm), lease.name);
  }

  release(lease: Lease): Promise<void> {
    // A copy: Buffer#slice would share memory and corrupt the entry LREM must match.
    const requeued = Uint8Array.from(lease.entry);
    requeued[0] = REDELIVERY;
    return this.#store.restore(lease.processing, lease.queue, lease.entry, requeued);
  }

  /** Deletes what waits in a shared queue; entries nodes have taken stay with them. */
  purge(realm: string, queue: string): Promise<number> {
    return this.#store.purge(this.#names.queue(realm, queue), this.#names.tally(realm), queue);
  }

  /** Gives back everything `node` has taken (it died, or it is this node closing). */
  recover(node: string): Promise<[string, string][]> {
    return this.#store.recover(this.#names.nodeQueues(node));
  }
}
