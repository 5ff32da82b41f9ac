import { afterEach, describe, expect, it } from 'vitest';
import { ErrorUri, type RoutedMessage, RouterError } from '../../src/router/types.js';
import { createJunction, type Junction } from '../../src/server/junction.js';
import { CallResult } from '../../src/server/local-api.js';

let junction: Junction | undefined;
afterEach(async () => {
  await junction?.close();
  junction = undefined;
});

const create = () => createJunction({ protocols: [], logger: 'silent' });

describe('Junction in-process API', () => {
  it('calls a server-side procedure handler with args and kwargs', async () => {
    junction = create();
    junction.register('com.example.add', ([a, b]) => Number(a) + Number(b));
    junction.register('com.example.split', (_args, kwargs) => new CallResult(['x'], { got: kwargs.value }));
    expect(await junction.call('com.example.add', { args: [2, 3] })).toEqual({ args: [5] });
    expect(await junction.call('com.example.split', { kwargs: { value: 1 } })).toEqual({
      args: ['x'],
      kwargs: { got: 1 },
    });
  });

  it('turns a thrown RouterError into that error URI, and other errors into runtime_error', async () => {
    junction = create();
    junction.register('com.example.fail', () => {
      throw new RouterError('com.example.error.bad_input', 'bad input', { args: ['why'] });
    });
    junction.register('com.example.bug', () => {
      throw new TypeError('oops');
    });
    await expect(junction.call('com.example.fail')).rejects.toMatchObject({
      uri: 'com.example.error.bad_input',
      args: ['why'],
    });
    await expect(junction.call('com.example.bug')).rejects.toMatchObject({
      uri: ErrorUri.RUNTIME_ERROR,
      args: ['oops'],
    });
    await expect(junction.call('com.example.nothing')).rejects.toMatchObject({
      uri: ErrorUri.NO_SUCH_PROCEDURE,
    });
  });

  it('publishes to subscribers of a realm, not of another realm', () => {
    junction = create();
    const seen: RoutedMessage[] = [];
    junction.subscribe('orders.*', (message) => seen.push(message), { match: 'wildcard' });
    junction.subscribe('orders.new', () => seen.push({ topic: 'wrong realm' } as RoutedMessage), {
      realm: 'other',
    });
    junction.publish('orders.new', { id: 7 });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ topic: 'orders.new', args: [{ id: 7 }] });
  });
});
