/**
 * Frames are written straight to the socket after a shared header (Connection.send, issue 13):
 * every WAMP message a real client receives must still be one well-formed WebSocket frame,
 * whatever its length (the three length encodings, counted in UTF-8 bytes, not characters),
 * its type (text for json, binary for msgpack and cbor) and whether it is an EVENT shared by
 * several receivers or a RESULT written from the callee's text.
 */
import { describe, expect, it } from 'vitest';
import { SERIALIZER_NAMES, wampBrokerForFile } from './autobahn-client.js';

const broker = wampBrokerForFile();

/** Text of about `bytes` UTF-8 bytes, two-byte characters first, so characters and bytes differ. */
function text(bytes: number): string {
  return 'é'.repeat(Math.floor(bytes / 4)) + 'z'.repeat(bytes - 2 * Math.floor(bytes / 4));
}

// Around 125 bytes (7-bit length), up to 65,535 (16-bit) and past it (64-bit), once the message's own bytes are added.
const SIZES = [20, 110, 140, 65_400, 70_000];

describe.each(SERIALIZER_NAMES)('frames written directly, over %s', (serializer) => {
  const connect = async () => {
    return broker.open(serializer);
  };

  it('delivers every EVENT whole to each of three subscribers, in order', async () => {
    const topic = `com.frames.${serializer}`;
    const subscribers = await Promise.all([connect(), connect(), connect()]);
    const received: string[][] = subscribers.map(() => []);
    await Promise.all(
      subscribers.map(({ session }, i) =>
        session.subscribe(topic, (args) => {
          received[i]?.push(args?.[0] as string);
        }),
      ),
    );
    const { session: publisher } = await connect();
    const bodies = SIZES.map(text);
    for (const body of bodies) await publisher.publish(topic, [body], {}, { acknowledge: true });
    await expect.poll(() => received.map((list) => list.length), { timeout: 5000 }).toEqual([5, 5, 5]);
    for (const list of received) expect(list).toEqual(bodies);
  });

  it('returns RESULTs of every length whole', async () => {
    const procedure = `com.frames.echo.${serializer}`;
    const [{ session: callee }, { session: caller }] = await Promise.all([connect(), connect()]);
    await callee.register(procedure, (args) => args?.[0]);
    for (const size of SIZES) {
      const body = text(size);
      expect(await caller.call(procedure, [body])).toBe(body);
    }
  });
});
