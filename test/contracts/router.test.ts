/** Contracts as the router applies them: on publish, before a callee runs, on a callee's result. */
import { describe, expect, it } from 'vitest';
import { createAjv } from '../../src/common/schema.js';
import { ContractErrorUri, ContractRegistry } from '../../src/contracts/registry.js';
import { type CallPayload, ErrorUri, type Invocation, RouterError } from '../../src/router/index.js';
import { inbox, testRouter } from '../router/fixtures.js';

const order = {
  type: 'object',
  required: ['quantity'],
  properties: { quantity: { type: 'integer', minimum: 1 } },
} as const;

function setup() {
  const contracts = new ContractRegistry();
  return { contracts, ...testRouter({ contracts }) };
}

describe('Router with contracts', () => {
  it('refuses a publish that breaks its topic schema and delivers it to nobody', () => {
    const { contracts, open } = setup();
    contracts.add('orders.*', { publish: order });
    const received = inbox();
    open().subscribe('orders.#', { match: 'wildcard' }, received.handler);
    const publisher = open();
    expect(() => publisher.publish({ topic: 'orders.new', args: [{ quantity: 0 }] })).toThrow(
      expect.objectContaining({ uri: ErrorUri.INVALID_ARGUMENT, message: expect.stringContaining('/quantity') }),
    );
    expect(received.messages).toEqual([]);
    expect(publisher.publish({ topic: 'orders.new', args: [{ quantity: 2 }] }).delivered).toBe(1);
    expect(received.messages.map((m) => m.args)).toEqual([[{ quantity: 2 }]]);
  });

  it('checks publishes from in-process code too', () => {
    const { contracts, router } = setup();
    contracts.add('orders.new', { publish: order });
    expect(() => router.local().publish({ topic: 'orders.new', args: ['nope'] })).toThrow(RouterError);
  });

  it('never runs ajv for a publish to a topic without a contract', () => {
    const ajv = createAjv();
    let validations = 0;
    // A keyword that counts: each time ajv validates against the schema, it runs once.
    ajv.addKeyword({ keyword: 'counted', validate: () => ++validations > 0 });
    const contracts = new ContractRegistry(ajv);
    const { open } = testRouter({ contracts });
    contracts.add('orders.*', { publish: { counted: true, type: 'object' } });
    contracts.add('audit', { publish: { counted: true }, match: 'prefix' });
    const publisher = open();
    open().subscribe('#', { match: 'wildcard' }, () => {});
    for (let i = 0; i < 1000; i++) publisher.publish({ topic: `chat.room${i % 7}`, args: [{ i }] });
    publisher.publish({ topic: 'orders.new.extra', args: [{}] });
    expect(validations).toBe(0);
    publisher.publish({ topic: 'orders.new', args: [{}] });
    publisher.publish({ topic: 'audit.log', args: [{}] });
    expect(validations).toBe(2);
  });

  it('refuses a call whose arguments break params before the callee runs', async () => {
    const { contracts, open } = setup();
    contracts.add('com.example.add', {
      params: { type: 'object', properties: { args: { type: 'array', items: { type: 'number' }, minItems: 2 } } },
    });
    const invoked: Invocation[] = [];
    open().register('com.example.add', {}, (invocation) => {
      invoked.push(invocation);
      const [a, b] = invocation.args as number[];
      invocation.resolve({ args: [a! + b!] });
    });
    const caller = open();
    expect(() => caller.call('com.example.add', { args: [2, 'x'] })).toThrowError(
      expect.objectContaining({
        uri: ErrorUri.INVALID_ARGUMENT,
        message: 'Invalid arguments for com.example.add: /args/1 must be number',
      }),
    );
    expect(invoked).toEqual([]);
    await expect(caller.call('com.example.add', { args: [2, 3] }).result).resolves.toEqual({ args: [5] });
  });

  it('turns a result that breaks the result schema into junction.error.invalid_result', async () => {
    const { contracts, open } = setup();
    contracts.add('com.example.*', { result: { type: 'number' } });
    open().register('com.example', { match: 'prefix' }, (invocation) => {
      invocation.progress({ args: ['progress is not checked'] });
      invocation.resolve({ args: [invocation.procedure === 'com.example.good' ? 1 : 'one'] });
    });
    const caller = open();
    const progress: CallPayload[] = [];
    const bad = caller.call('com.example.bad', { onProgress: (p) => progress.push(p) });
    await expect(bad.result).rejects.toMatchObject({
      uri: ContractErrorUri.INVALID_RESULT,
      args: ['Invalid result of com.example.bad: / must be number'],
    });
    expect(progress).toEqual([{ args: ['progress is not checked'] }]);
    await expect(caller.call('com.example.good').result).resolves.toEqual({ args: [1] });
  });

  it('passes a callee error through unchanged when the procedure has a result contract', async () => {
    const { contracts, open } = setup();
    contracts.add('com.example.fail', { result: { type: 'number' } });
    open().register('com.example.fail', {}, (invocation) =>
      invocation.reject(new RouterError('com.example.error.nope', 'nope')),
    );
    await expect(open().call('com.example.fail').result).rejects.toMatchObject({ uri: 'com.example.error.nope' });
  });

  it('reports no_such_procedure before checking params', async () => {
    const { contracts, open } = setup();
    contracts.add('com.example.missing', { params: false });
    expect(() => open().call('com.example.missing')).toThrowError(
      expect.objectContaining({ uri: ErrorUri.NO_SUCH_PROCEDURE }),
    );
  });
});
