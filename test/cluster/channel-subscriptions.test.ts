/** The counted subscriptions that the topic and queue ports share on one node. */
import { describe, expect, it } from 'vitest';
import type { PubSubBackend } from '../../src/cluster/backend.js';
import { ChannelSubscriptions } from '../../src/cluster/channel-subscriptions.js';
import { createMemoryQueueData, MemoryQueueStore } from '../../src/cluster/memory-queue-store.js';

/** A backend that records (un)subscribe commands and acknowledges them when told to. */
function recordingBackend() {
  const commands: string[] = [];
  const pending: (() => void)[] = [];
  const command = (name: string) => (channel: string) => {
    commands.push(`${name} ${channel}`);
    return new Promise<void>((resolve) => pending.push(resolve));
  };
  const backend: PubSubBackend = {
    kind: 'recording',
    queues: new MemoryQueueStore(createMemoryQueueData(), () => false),
    connect: async () => {},
    close: async () => {},
    publish: async () => {},
    subscribe: command('subscribe'),
    unsubscribe: command('unsubscribe'),
    psubscribe: command('psubscribe'),
    punsubscribe: command('punsubscribe'),
    notReadyReason: () => undefined,
  };
  const acknowledge = () => {
    for (const resolve of pending.splice(0)) resolve();
  };
  return { backend, commands, acknowledge };
}

describe('ChannelSubscriptions', () => {
  it('subscribes on the first need of a channel or glob and unsubscribes after the last', () => {
    const { backend, commands } = recordingBackend();
    const subscriptions = new ChannelSubscriptions(
      backend,
      () => true,
      () => {},
    );
    const channel = { glob: false, name: 'a' };
    const glob = { glob: true, name: 'a*' };
    subscriptions.add(channel);
    subscriptions.add(channel);
    subscriptions.add(glob);
    subscriptions.remove(channel);
    expect(commands).toEqual(['subscribe a', 'psubscribe a*']);
    subscriptions.remove(channel);
    subscriptions.remove(glob);
    subscriptions.remove(glob);
    expect(commands).toEqual(['subscribe a', 'psubscribe a*', 'unsubscribe a', 'punsubscribe a*']);
  });

  it('only counts needs before the engine starts, and restores them all at start', () => {
    const { backend, commands } = recordingBackend();
    let started = false;
    const subscriptions = new ChannelSubscriptions(
      backend,
      () => started,
      () => {},
    );
    subscriptions.add({ glob: false, name: 'kept' });
    subscriptions.add({ glob: true, name: 'dropped*' });
    subscriptions.remove({ glob: true, name: 'dropped*' });
    expect(commands).toEqual([]);
    started = true;
    expect(subscriptions.restore()).toHaveLength(1);
    expect(commands).toEqual(['subscribe kept']);
  });

  it('settles once the service acknowledged every command issued so far', async () => {
    const { backend, acknowledge } = recordingBackend();
    const subscriptions = new ChannelSubscriptions(
      backend,
      () => true,
      () => {},
    );
    subscriptions.add({ glob: false, name: 'a' });
    let settled = false;
    const waiting = subscriptions.settled().then(() => {
      settled = true;
    });
    await Promise.resolve();
    expect(settled).toBe(false);
    acknowledge();
    await waiting;
    expect(settled).toBe(true);
  });

  it('reports a failed command instead of throwing', async () => {
    const { backend } = recordingBackend();
    backend.subscribe = async () => {
      throw new Error('service down');
    };
    const failures: string[] = [];
    const subscriptions = new ChannelSubscriptions(
      backend,
      () => true,
      (_err, operation) => failures.push(operation),
    );
    subscriptions.add({ glob: false, name: 'a' });
    await subscriptions.settled();
    await Promise.resolve();
    expect(failures).toEqual(['subscribe']);
  });
});
