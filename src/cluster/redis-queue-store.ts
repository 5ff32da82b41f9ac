/**
 * The QueueStore on Redis lists and Lua scripts (see queue-store.ts for the layout). Scripts run
 * by their SHA1 (EVALSHA), sent whole only when Redis does not know them (NOSCRIPT: first use, or
 * after a Redis restart), so an enqueue does not carry the script's text.
 */
import { createHash } from 'node:crypto';
import {
  PURGE_SCRIPT,
  PUSH_SCRIPT,
  type PushBounds,
  type PushRefusal,
  parseRefusal,
  type QueueStore,
  RECOVER_SCRIPT,
  REMOVE_SCRIPT,
  RESTORE_SCRIPT,
  type RealmTally,
  TAKE_SCRIPT,
} from './queue-store.js';

interface ScriptOptions {
  keys: string[];
  arguments: (string | Buffer)[];
}

/** The commands the store uses, on a client whose blob strings come back as Buffers. */
export interface RedisListClient {
  eval(script: string, options: ScriptOptions): Promise<unknown>;
  evalSha(sha1: string, options: ScriptOptions): Promise<unknown>;
}

const asBuffer = (data: Uint8Array) => Buffer.from(data.buffer, data.byteOffset, data.byteLength);

const digests = new Map<string, string>();
function sha1Of(script: string): string {
  let digest = digests.get(script);
  if (digest === undefined) {
    digest = createHash('sha1').update(script).digest('hex');
    digests.set(script, digest);
  }
  return digest;
}

export class RedisQueueStore implements QueueStore {
  readonly #client: RedisListClient;

  constructor(client: RedisListClient) {
    this.#client = client;
  }

  async push(
    queue: string,
    tally: RealmTally,
    name: string,
    entry: Uint8Array,
    bounds: PushBounds,
    now: number,
  ): Promise<PushRefusal | undefined> {
    const reply = await this.#eval(PUSH_SCRIPT, {
      keys: [queue, tally.queues, tally.bytes],
      arguments: [
        asBuffer(entry),
        name,
        String(bounds.maxQueueLength),
        String(bounds.maxQueuesPerRealm),
        String(bounds.maxQueuedBytes),
        String(now),
        tally.queuePrefix,
      ],
    });
    return reply === null || reply === undefined ? undefined : parseRefusal(String(reply));
  }

  async take(
    queue: string,
    processing: string,
    nodeKey: string,
    origin: string,
    tally: RealmTally,
    name: string,
    now: number,
  ): Promise<Uint8Array | undefined> {
    const reply = await this.#eval(TAKE_SCRIPT, {
      keys: [queue, processing, nodeKey, tally.queues, tally.bytes],
      arguments: [origin, name, String(now)],
    });
    return reply instanceof Uint8Array ? reply : undefined;
  }

  async remove(processing: string, entry: Uint8Array, tally: RealmTally, name: string): Promise<void> {
    await this.#eval(REMOVE_SCRIPT, {
      keys: [processing, tally.queues, tally.bytes],
      arguments: [asBuffer(entry), name],
    });
  }

  async restore(processing: string, queue: string, entry: Uint8Array, requeued: Uint8Array): Promise<void> {
    await this.#eval(RESTORE_SCRIPT, {
      keys: [processing, queue],
      arguments: [asBuffer(entry), asBuffer(requeued)],
    });
  }

  async purge(queue: string, tally: RealmTally, name: string): Promise<number> {
    return Number(await this.#eval(PURGE_SCRIPT, { keys: [queue, tally.queues, tally.bytes], arguments: [name] }));
  }

  async #eval(script: string, options: ScriptOptions): Promise<unknown> {
    try {
      return await this.#client.evalSha(sha1Of(script), options);
    } catch (err) {
      // EVAL runs it and caches it: the next EVALSHA finds it.
      if (err instanceof Error && err.message.startsWith('NOSCRIPT')) return this.#client.eval(script, options);
      throw err;
    }
  }

  async recover(nodeKey: string): Promise<[string, string][]> {
    const reply = await this.#eval(RECOVER_SCRIPT, { keys: [nodeKey], arguments: [] });
    // cjson encodes an empty table as an object.
    const refilled: unknown = JSON.parse(String(reply));
    return Array.isArray(refilled) ? (refilled as [string, string][]) : [];
  }
}
