/**
 * Shared queues in the service (Redis lists, the "reliable queue" pattern: a move into a
 * per-node processing list). Chosen over streams with consumer groups because a nack with
 * requeue must put the message back at the *front* of the queue flagged redelivered (STOMP and
 * AMQP semantics), which a list does in one atomic script and a stream cannot (it only appends).
 *
 * Keys: the queue list (producers push left, consumers take right), one processing list per
 * (node, queue) holding what the node has taken and not yet settled, one hash per node naming
 * its processing lists, so that any node can give a dead node's messages back, and per realm
 * the bounds' tallies (`RealmTally`): a hash of queue name → messages held (waiting or taken and
 * unsettled; a queue counts against `maxQueuesPerRealm` while it holds any) and a counter of
 * the bytes those messages hold (against `maxQueuedBytes`).
 *
 * Entry bytes: one flag byte (1 = redelivered), then the ASCII header `<bytes>,<expires>;`
 * (the message's counted bytes and its expiry in ms since the epoch, 0 = never), then the
 * MessagePack message. Flag and header sit outside the MessagePack so that a Lua script can read
 * and set them without decoding.
 */

/** The realm's tallies a bounded operation updates: see the layout above. */
export interface RealmTally {
  /** Hash: queue name → messages held. */
  readonly queues: string;
  /** Counter: bytes the realm's messages hold. */
  readonly bytes: string;
  /** The key of the realm's queue `name` is this prefix followed by `name`. */
  readonly queuePrefix: string;
}

/** The bounds a push is checked against (the router's limits). */
export interface PushBounds {
  readonly maxQueueLength: number;
  readonly maxQueuesPerRealm: number;
  readonly maxQueuedBytes: number;
}

/** Why a push was refused: the bound, and what was held against it (messages, queues or bytes). */
export interface PushRefusal {
  readonly limit: 'maxQueueLength' | 'maxQueuesPerRealm' | 'maxQueuedBytes';
  readonly held: number;
}

export interface QueueStore {
  /**
   * Drops the expired entries at the front of `queue`, then, unless a bound refuses it, appends
   * at the back (LPUSH) and counts it in the realm's tally; all in one atomic step. Before a
   * realm bound refuses, the expired entries at the front of every queue of the realm are
   * dropped and the bound checked again: shares of expired messages nobody took never refuse.
   */
  push(
    queue: string,
    tally: RealmTally,
    name: string,
    entry: Uint8Array,
    bounds: PushBounds,
    now: number,
  ): Promise<PushRefusal | undefined>;
  /**
   * Moves the front entry into `processing` (RPOP + LPUSH), recording the processing list
   * under `nodeKey` with `origin`: JSON `[queueKey, realm, queueName]`. Entries expired at `now`
   * are dropped on the way (never delivered), their tally released.
   */
  take(
    queue: string,
    processing: string,
    nodeKey: string,
    origin: string,
    tally: RealmTally,
    name: string,
    now: number,
  ): Promise<Uint8Array | undefined>;
  /** Deletes a taken entry for good (LREM 1) and releases it from the tally. */
  remove(processing: string, entry: Uint8Array, tally: RealmTally, name: string): Promise<void>;
  /** Atomically moves a taken entry back to the front of `queue` as `requeued` (if still taken). */
  restore(processing: string, queue: string, entry: Uint8Array, requeued: Uint8Array): Promise<void>;
  /**
   * Gives every entry a node has taken back to the front of its queue, flagged redelivered;
   * resolves with the [realm, queue] of each queue that got entries back.
   */
  recover(nodeKey: string): Promise<[string, string][]>;
  /** Deletes every entry waiting in `queue` (not those taken), released from the tally; resolves with how many. */
  purge(queue: string, tally: RealmTally, name: string): Promise<number>;
}

/** Redelivered flag values of an entry's first byte. */
export const FIRST_DELIVERY = 0;
export const REDELIVERY = 1;

/** Builds an entry: flag, header, MessagePack body. */
const ascii = new TextEncoder();

export function makeEntry(bytes: number, expires: number, body: Uint8Array): Uint8Array {
  const header = ascii.encode(`${bytes},${expires};`);
  const entry = new Uint8Array(1 + header.length + body.length);
  entry[0] = FIRST_DELIVERY;
  entry.set(header, 1);
  entry.set(body, 1 + header.length);
  return entry;
}

const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

/**
 * An entry's header and its body. An entry written before the bounds (no header: the MessagePack
 * map starts at once, never with an ASCII digit) counts 0 bytes and never expires.
 */
export function readEntry(entry: Uint8Array): { bytes: number; expires: number; body: Uint8Array } {
  const first = entry[1] ?? 0;
  if (first < DIGIT_0 || first > DIGIT_9) return { bytes: 0, expires: 0, body: entry.subarray(1) };
  const end = entry.indexOf(0x3b /* ; */, 1);
  const [bytes, expires] = new TextDecoder().decode(entry.subarray(1, end)).split(',').map(Number);
  return { bytes: bytes!, expires: expires!, body: entry.subarray(end + 1) };
}

/** True when an entry's expiry has passed at `now`. */
export function isExpired(entry: Uint8Array, now: number): boolean {
  const { expires } = readEntry(entry);
  return expires > 0 && expires <= now;
}

/**
 * Lua helpers every bounded script starts with: `header(entry)` reads bytes and expiry,
 * `release(hash, counter, name, entry)` takes one message out of the realm's tally.
 */
const PRELUDE = `
local function header(entry)
  local bytes, expires = string.match(entry, '^.(%d+),(%d+);')
  -- An entry written before the bounds has no header: 0 bytes, never expires.
  return tonumber(bytes) or 0, tonumber(expires) or 0
end
local function release(hash, counter, name, entry)
  local bytes = header(entry)
  if redis.call('HINCRBY', hash, name, -1) <= 0 then redis.call('HDEL', hash, name) end
  if redis.call('DECRBY', counter, bytes) <= 0 then redis.call('DEL', counter) end
end
local function expired(entry, now)
  local _, expires = header(entry)
  return expires > 0 and expires <= now
end
local function trim(hash, counter, key, name, now)
  while true do
    local oldest = redis.call('LINDEX', key, -1)
    if not oldest or not expired(oldest, now) then return end
    redis.call('RPOP', key)
    release(hash, counter, name, oldest)
  end
end
`;

/**
 * Lua for `push`. KEYS: queue, tally hash, tally counter. ARGV: entry, name, maxQueueLength,
 * maxQueuesPerRealm, maxQueuedBytes, now, the realm's queue key prefix. Returns nil when stored,
 * else "<limit> <held>".
 */
export const PUSH_SCRIPT = `${PRELUDE}
local now = tonumber(ARGV[6])
local bytes = header(ARGV[1])
local function realmRefusal()
  if redis.call('HEXISTS', KEYS[2], ARGV[2]) == 0 then
    local queues = redis.call('HLEN', KEYS[2])
    if queues >= tonumber(ARGV[4]) then return 'maxQueuesPerRealm ' .. queues end
  end
  local held = tonumber(redis.call('GET', KEYS[3]) or '0')
  if held + bytes > tonumber(ARGV[5]) then return 'maxQueuedBytes ' .. held end
  return nil
end
trim(KEYS[2], KEYS[3], KEYS[1], ARGV[2], now)
local length = redis.call('LLEN', KEYS[1])
if length >= tonumber(ARGV[3]) then return 'maxQueueLength ' .. length end
if realmRefusal() then
  for _, name in ipairs(redis.call('HKEYS', KEYS[2])) do trim(KEYS[2], KEYS[3], ARGV[7] .. name, name, now) end
  local refusal = realmRefusal()
  if refusal then return refusal end
end
redis.call('LPUSH', KEYS[1], ARGV[1])
redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
redis.call('INCRBY', KEYS[3], bytes)
return false`;

/**
 * Lua for `take`. KEYS: queue, processing, node hash, tally hash, tally counter. ARGV: origin,
 * name, now. Recording the processing list and the move are one step: a node dying right after
 * still has its list found.
 */
export const TAKE_SCRIPT = `${PRELUDE}
redis.call('HSET', KEYS[3], KEYS[2], ARGV[1])
local now = tonumber(ARGV[3])
while true do
  local entry = redis.call('RPOP', KEYS[1])
  if not entry then return false end
  if not expired(entry, now) then
    redis.call('LPUSH', KEYS[2], entry)
    return entry
  end
  release(KEYS[4], KEYS[5], ARGV[2], entry)
end`;

/** Lua for `remove`. KEYS: processing, tally hash, tally counter. ARGV: entry, name. */
export const REMOVE_SCRIPT = `${PRELUDE}
if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 1 then release(KEYS[2], KEYS[3], ARGV[2], ARGV[1]) end
return 0`;

/** Lua for `restore`: only an entry still in the processing list goes back (never twice). */
export const RESTORE_SCRIPT = `
if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 1 then redis.call('RPUSH', KEYS[2], ARGV[2]) end
return 0`;

/**
 * Lua for `purge`: the count, the tally and the delete in one step, so no push falls between
 * them. KEYS: queue, tally hash, tally counter. ARGV: name.
 */
export const PURGE_SCRIPT = `${PRELUDE}
local entries = redis.call('LRANGE', KEYS[1], 0, -1)
for _, entry in ipairs(entries) do release(KEYS[2], KEYS[3], ARGV[1], entry) end
redis.call('DEL', KEYS[1])
return #entries`;

/**
 * Lua for `recover`: newest-taken first (LPOP), each pushed to the front (RPUSH), so the oldest
 * ends up first again; the first byte becomes the redelivered flag. The tallies do not change:
 * the entries stay held.
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

/** Parses a push script's refusal ("<limit> <held>"). */
export function parseRefusal(reply: string): PushRefusal {
  const [limit, held] = reply.split(' ');
  return { limit: limit as PushRefusal['limit'], held: Number(held) };
}
