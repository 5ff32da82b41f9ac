/**
 * Regression for deep nesting found while fuzzing (issue 12): a WAMP json PUBLISH whose argument
 * nested 150 or 5,000 levels made the msgpack subscriber's encoder throw ("Too deep objects in
 * depth 101") and, at 5,000, `containsBinary` overflow the stack, each logged as "router handler
 * failed" with the event silently dropped. With `limits.maxDepth` (64) the value is refused at the
 * door, and every subscriber keeps working.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { jsonrpc } from '../../protocols/jsonrpc/index.js';
import { stomp } from '../../protocols/stomp/index.js';
import { wamp } from '../../protocols/wamp/index.js';
import { captureLogs, LEVEL } from '../helpers/log-capture.js';
import { type StartedJunction, startJunction } from '../helpers/start-junction.js';
import { rawClient } from '../protocols/wamp/raw-client.js';

const logs = captureLogs();
let broker: StartedJunction;
beforeAll(async () => {
  broker = await startJunction({ protocols: [stomp(), wamp(), jsonrpc()], logger: logs.logger });
});
afterAll(() => broker.close());

const nestedList = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;

describe('deep nesting across protocols (fuzz regression)', () => {
  for (const depth of [150, 5000]) {
    it(`refuses a WAMP PUBLISH nested ${depth} levels without an error log, and subscribers of every protocol keep working`, async () => {
      const msgpackSubscriber = await rawClient(broker.url, 'wamp.2.msgpack');
      await msgpackSubscriber.hello();
      msgpackSubscriber.send([32, 1, {}, 'deep.topic']);
      expect((await msgpackSubscriber.next())[0]).toBe(33);
      const rpc = new WebSocket(broker.url, ['jsonrpc']);
      const pushes: string[] = [];
      rpc.on('message', (data) => pushes.push(String(data)));
      await new Promise((resolve) => rpc.once('open', resolve));
      rpc.send('{"jsonrpc":"2.0","method":"subscribe","params":["deep.topic"],"id":1}');
      await expect.poll(() => pushes.length).toBe(1);
      const publisher = await rawClient(broker.url, 'wamp.2.json');
      await publisher.hello();
      publisher.sendRaw(`[16,1,{"acknowledge":true},"deep.topic",[${nestedList(depth)}]]`);
      // Refused in WAMP's words: ERROR for the PUBLISH, or ABORT when the limit ends the session.
      expect([8, 3]).toContain((await publisher.next())[0]);
      const clean = await rawClient(broker.url, 'wamp.2.json');
      await clean.hello();
      clean.send([16, 2, { acknowledge: true }, 'deep.topic', ['after']]);
      expect((await clean.next())[0]).toBe(17);
      // The subscribers' next message is the clean one: the deep one never went out.
      const event = await msgpackSubscriber.next();
      expect([event[0], event[4]]).toEqual([36, ['after']]);
      await expect.poll(() => pushes.length).toBe(2);
      expect(JSON.stringify(JSON.parse(pushes[1] as string).params)).toContain('after');
      expect(logs.lines.filter((line) => line.level >= LEVEL.error).map((line) => line.msg)).toEqual([]);
      for (const client of [publisher, clean, msgpackSubscriber]) client.close();
      rpc.close();
    });
  }
});
