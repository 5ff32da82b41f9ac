/**
 * Encoding at the edge once per publish (docs/cross-protocol.md "Payload mapping"): a message
 * reaches every subscriber as the same object, so its encoding is kept per object.
 */

/**
 * Wraps an encoder so each message is encoded once, however many sessions receive it: the
 * result is kept in a WeakMap keyed by the message object, and goes when the message does.
 */
export function oncePerMessage<M extends object, T>(encode: (message: M) => T): (message: M) => T {
  const cache = new WeakMap<M, T>();
  return (message) => {
    // One lookup per receiver; `has` only for an encoding that is itself undefined.
    const cached = cache.get(message);
    if (cached !== undefined || cache.has(message)) return cached as T;
    const encoded = encode(message);
    cache.set(message, encoded);
    return encoded;
  };
}
