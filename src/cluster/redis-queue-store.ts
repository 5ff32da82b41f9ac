/** The QueueStore on Redis lists and two Lua scripts (see queue-store.ts for the layout). */
import type { QueueStore } from './queue-store.js';
import { PURGE_SCRIPT, RECOVER_SCRIPT, RESTORE_SCRIPT } from './queue-store.js';

/** The list commands the store uses, on a client whose blob strings come back as Buffers. */
export interface RedisListClient {
  lPush(key: string, element: Buffer): Promise<unknown>;
  lMove(source: string, destination: string, from: 'RIGHT', to: 'LEFT'): Promise<Buffer | null>;
  lRem(key: string, count: number, element: Buffer): Promise<unknown>;
  hSet(key: string, field: string, value: string): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: (string | Buffer)[] }): Promise<unknown>;
}

const asBuffer = (data: Uint8Array) => Buffer.from(data.buffer, data.byteOffset, data.byteLength);

export class RedisQueueStore implements QueueStore {
  readonly #client: RedisListClient;

  constructor(client: RedisListClient) {
    this.#client = client;
  }

  async push(queue: string, entry: Uint8Array): Promise<void> {
    await this.#client.lPush(queue, asBuffer(entry));
  }

  async take(queue: string, processing: string, nodeKey: string, origin: string): Promise<Uint8Array | undefined> {
    // Recorded before the move: a node dying right after LMOVE still has its list found.
    await this.#client.hSet(nodeKey, processing, origin);
    return (await this.#client.lMove(queue, processing, 'RIGHT', 'LEFT')) ?? undefined;
  }

  async remove(processing: string, entry: Uint8Array): Promise<void> {
    await this.#client.lRem(processing, 1, asBuffer(entry));
  }

  async restore(processing: string, queue: string, entry: Uint8Array, requeued: Uint8Array): Promise<void> {
    await this.#client.eval(RESTORE_SCRIPT, {
      keys: [processing, queue],
      arguments: [asBuffer(entry), asBuffer(requeued)],
    });
  }

  async purge(queue: string): Promise<number> {
    return Number(await this.#client.eval(PURGE_SCRIPT, { keys: [queue], arguments: [] }));
  }

  async recover(nodeKey: string): Promise<[string, string][]> {
    const reply = await this.#client.eval(RECOVER_SCRIPT, { keys: [nodeKey], arguments: [] });
    // cjson encodes an empty table as an object.
    const refilled: unknown = JSON.parse(String(reply));
    return Array.isArray(refilled) ? (refilled as [string, string][]) : [];
  }
}
