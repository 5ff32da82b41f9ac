/**
 * Shared queues in the service (Redis lists, the "reliable queue" pattern: LMOVE into a
 * per-node processing list). Chosen over streams with consumer groups because a nack with
 * requeue must put the message back at the *front* of the queue flagged redelivered (STOMP and
 * AMQP semantics), which a list does in one atomic script and a stream cannot (it only appends).
 *
 * Keys: the queue list (producers push left, consumers take right), one processing list per
 * (node, queue) holding what the node has taken and not yet settled, and one hash per node
 * naming its processing lists, so that any node can give a dead node's messages back.
 *
 * Entry bytes: one flag byte (1 = redelivered) followed by the MessagePack message; the flag
 * sits outside the MessagePack so that a Lua script can set it without decoding.
 */
export interface QueueStore {
  /** Appends at the back (LPUSH). */
  push(queue: string, entry: Uint8Array): Promise<void>;
  /**
   * Moves the front entry into `processing` (LMOVE RIGHT LEFT), recording the processing list
   * under `nodeKey` with `origin`: JSON `[queueKey, realm, queueName]`.
   */
  take(queue: string, processing: string, nodeKey: string, origin: string): Promise<Uint8Array | undefined>;
  /** Deletes a taken entry for good (LREM 1). */
  remove(processing: string, entry: Uint8Array): Promise<void>;
  /** Atomically moves a taken entry back to the front of `queue` as `requeued` (if still taken). */
  restore(processing: string, queue: string, entry: Uint8Array, requeued: Uint8Array): Promise<void>;
  /**
   * Gives every entry a node has taken back to the front of its queue, flagged redelivered;
   * resolves with the [realm, queue] of each queue that got entries back.
   */
  recover(nodeKey: string): Promise<[string, string][]>;
  /** Deletes every entry waiting in `queue` (not those taken into processing lists); resolves with how many. */
  purge(queue: string): Promise<number>;
}

/** Redelivered flag values of an entry's first byte. */
export const FIRST_DELIVERY = 0;
export const REDELIVERY = 1;

/** Lua for `restore`: only an entry still in the processing list goes back (never twice). */
export const RESTORE_SCRIPT = `
if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 1 then redis.call('RPUSH', KEYS[2], ARGV[2]) end
return 0`;

/** Lua for `purge`: the count and the delete in one step, so no push falls between them. */
export const PURGE_SCRIPT = `
local length = redis.call('LLEN', KEYS[1])
redis.call('DEL', KEYS[1])
return length`;

/**
 * Lua for `recover`: newest-taken first (LPOP), each pushed to the front (RPUSH), so the oldest
 * ends up first again; the first byte becomes the redelivered flag.
 */
export const RECOVER_SCRIPT = `
local lists = redis.call('HGETALL', KEYS[1])
local refilled = {}
for i = 1, #lists, 2 do
  local origin = cjson.decode(lists[i + 1])
  local moved = false
  while true do
    local entry = redis.call('LPOP', lists[i])
    if not entry then break end
    redis.call('RPUSH', origin[1], '\\1' .. string.sub(entry, 2))
    moved = true
  end
  if moved then table.insert(refilled, {origin[2], origin[3]}) end
end
redis.call('DEL', KEYS[1])
return cjson.encode(refilled)`;
