/**
 * A CALL's payload reaches a WAMP JSON callee, and its YIELD's payload the caller, as the text the
 * sender wrote (no re-encoding, issue 13). Whatever the text looks like — spaces, escapes,
 * brackets inside strings, binary as "\u0000…", kwargs without args — each side must decode
 * exactly the values that were sent, and a msgpack peer must get the same values as values.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wamp } from '../../../protocols/wamp/index.js';
import { type StartedJunction, startJunction } from '../../helpers/start-junction.js';
import { type RawClient, rawClient } from './raw-client.js';

const CALL = 48;
const RESULT = 50;
const REGISTER = 64;
const INVOCATION = 68;
const YIELD = 70;

let broker: StartedJunction;
beforeAll(async () => {
  broker = await startJunction({ protocols: [wamp()] });
});
afterAll(() => broker.close());

async function callee(token: string, procedure: string): Promise<RawClient> {
  const client = await rawClient(broker.url, token);
  await client.hello();
  client.send([REGISTER, 1, {}, procedure]);
  expect((await client.next())[0]).toBe(65);
  return client;
}

/** Payload texts as a client might write them, with the values they stand for. */
const payloads: readonly (readonly [string, readonly unknown[]])[] = [
  ['["plain"]', [['plain']]],
  [' [ 1 , 2.5 , true , null ] , { "k" : "v" } ', [[1, 2.5, true, null], { k: 'v' }]],
  ['["]", ",", "\\"}", "\\\\", "\\u00e9\\ud83d\\ude00"]', [[']', ',', '"}', '\\', 'é😀']]],
  ['[],{"only":"kwargs","nested":{"a":[{"b":"]"}]}}', [[], { only: 'kwargs', nested: { a: [{ b: ']' }] } }]],
];

describe('WAMP JSON payload text, forwarded', () => {
  it.each(payloads)('CALL %s reaches the callee and comes back as the same values', async (text, values) => {
    const json = await callee('wamp.2.json', 'text.echo');
    const caller = await rawClient(broker.url);
    await caller.hello();
    caller.sendRaw(`[${CALL}, 11, {}, "text.echo", ${text}]`);
    const invocation = await json.next();
    expect(invocation[0]).toBe(INVOCATION);
    expect(invocation.slice(4)).toEqual(values);
    json.sendRaw(`[${YIELD},${invocation[1]},{}, ${text} ]`);
    const result = await caller.next();
    expect(result.slice(0, 2)).toEqual([RESULT, 11]);
    expect(result.slice(3)).toEqual(values);
    json.close();
    caller.close();
  });

  it('keeps binary as bytes for a msgpack callee and as "\\u0000" + base64 for a JSON caller', async () => {
    const msgpack = await callee('wamp.2.msgpack', 'text.bytes');
    const caller = await rawClient(broker.url);
    await caller.hello();
    caller.sendRaw(`[${CALL},12,{},"text.bytes",["\\u0000AQID"]]`);
    const invocation = await msgpack.next();
    expect(invocation.slice(4)).toEqual([[new Uint8Array([1, 2, 3])]]);
    msgpack.send([YIELD, invocation[1], {}, [new Uint8Array([4, 5])]]);
    expect(await caller.next()).toEqual([RESULT, 12, {}, [new Uint8Array([4, 5])]]);
    msgpack.close();
    caller.close();
  });

  it('drops an empty Arguments list instead of forwarding it', async () => {
    const json = await callee('wamp.2.json', 'text.empty');
    const caller = await rawClient(broker.url);
    await caller.hello();
    caller.sendRaw(`[${CALL},13,{},"text.empty",[]]`);
    const invocation = await json.next();
    expect(invocation).toHaveLength(4);
    json.sendRaw(`[${YIELD},${invocation[1]},{},[],{}]`);
    expect(await caller.next()).toEqual([RESULT, 13, {}]);
    json.close();
    caller.close();
  });
});
