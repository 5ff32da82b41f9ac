/**
 * Inputs `npm run fuzz` found wrong, one test each, named after the seed that found them
 * (`npm run fuzz -- --seed N` replays the whole run).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wamp } from '../../protocols/wamp/index.js';
import { CallResult } from '../../src/index.js';
import { type StartedJunction, startJunction } from '../helpers/start-junction.js';
import { rawClient } from '../protocols/wamp/raw-client.js';

let broker: StartedJunction;
const warnings: string[] = [];
const onWarning = (warning: Error) => void warnings.push(`${warning.name}: ${warning.message}`);

beforeAll(async () => {
  broker = await startJunction({ protocols: [wamp()] });
  // Answers after 200 ms: long enough that a timer firing at once would win.
  broker.junction.register(
    'fuzz.slow',
    () => new Promise((resolve) => setTimeout(() => resolve(new CallResult(['done'])), 200)),
  );
  process.on('warning', onWarning);
});
afterAll(async () => {
  process.off('warning', onWarning);
  await broker.close();
});

describe('fuzz regressions', () => {
  it('[seed 5, wamp-json, path 735:7:7:8:8:8:7:7:7:7:7:7] refuses a CALL timeout beyond the longest timer (2^53 + 2 ms) instead of timing out at once', async () => {
    const client = await rawClient(broker.url);
    await client.hello();
    client.send([48, 1, { timeout: 2 ** 53 + 2 }, 'fuzz.slow']);
    const answer = await client.next();
    expect(answer.slice(0, 2)).toEqual([8, 48]);
    expect(answer[4]).toBe('wamp.error.invalid_argument');
    // The longest timer Node.js runs is still a timeout the call lives with.
    client.send([48, 2, { timeout: 2 ** 31 - 1 }, 'fuzz.slow']);
    expect(await client.next()).toEqual([50, 2, {}, ['done']]);
    expect(warnings.filter((w) => w.startsWith('TimeoutOverflowWarning'))).toEqual([]);
    client.close();
  });
});
