/** junction.contract(), register(..., {params, result}), the `contracts` option, and clusters. */
import { afterEach, describe, expect, it } from 'vitest';
import { createBusEngine, MemoryBus } from '../../src/cluster/bus-engine.js';
import { ContractError, ContractErrorUri } from '../../src/contracts/registry.js';
import { ErrorUri, type RoutedMessage } from '../../src/router/types.js';
import { createJunction, type Junction } from '../../src/server/junction.js';
import { CallResult } from '../../src/server/local-api.js';
import { eventually, TIMING } from '../cluster/harness.js';
import { type StartedJunction, startJunction } from '../helpers/start-junction.js';

const junctions: Junction[] = [];
const started: StartedJunction[] = [];
afterEach(async () => {
  await Promise.all(junctions.splice(0).map((junction) => junction.close()));
  await Promise.all(started.splice(0).map((node) => node.close()));
});

function create(options: Partial<Parameters<typeof createJunction>[0]> = {}): Junction {
  const junction = createJunction({ protocols: [], logger: 'silent', ...options });
  junctions.push(junction);
  return junction;
}

const order = { type: 'object', required: ['quantity'], properties: { quantity: { type: 'integer', minimum: 1 } } };
const twoNumbers = { type: 'object', properties: { args: { type: 'array', items: { type: 'number' }, minItems: 2 } } };

describe('junction.contract', () => {
  it('refuses publishes that break it, from code too, until it is removed', () => {
    const junction = create();
    const received: RoutedMessage[] = [];
    junction.subscribe('orders.#', (m) => received.push(m), { match: 'wildcard' });
    const contract = junction.contract('orders.*', { publish: order });
    expect(() => junction.publish('orders.new', { quantity: 0 })).toThrow(
      'Invalid payload for orders.new: /quantity must be >= 1',
    );
    junction.publish('orders.new', { quantity: 1 });
    contract.remove();
    junction.publish('orders.new', { quantity: 0 });
    expect(received.map((m) => m.args?.[0])).toEqual([{ quantity: 1 }, { quantity: 0 }]);
  });

  it('throws ContractError for an invalid schema when it is declared', () => {
    const junction = create();
    expect(() => junction.contract('orders.*', { publish: { type: 'obj' } })).toThrow(ContractError);
  });

  it('applies to a realm when given one', () => {
    const junction = create();
    junction.contract('orders.new', { publish: order, realm: 'shop' });
    expect(() => junction.publish('orders.new', 'x', { realm: 'shop' })).toThrow(/must be object/);
    expect(() => junction.publish('orders.new', 'x')).not.toThrow();
  });
});

describe('junction.register with params and result schemas', () => {
  it('refuses arguments that break params without running the handler', async () => {
    const junction = create();
    let runs = 0;
    junction.register('com.example.add', ([a, b]) => ++runs && Number(a) + Number(b), { params: twoNumbers });
    await expect(junction.call('com.example.add', { args: [1] })).rejects.toMatchObject({
      uri: ErrorUri.INVALID_ARGUMENT,
      message: 'Invalid arguments for com.example.add: /args must NOT have fewer than 2 items',
      kwargs: { errors: [{ path: '/args', keyword: 'minItems' }] },
    });
    expect(runs).toBe(0);
    expect(await junction.call('com.example.add', { args: [1, 2] })).toEqual({ args: [3] });
  });

  it('turns a result that breaks result into junction.error.invalid_result', async () => {
    const junction = create();
    junction.register('com.example.echo', ([value]) => value, { result: { type: 'string' } });
    junction.register('com.example.pair', () => new CallResult([1, 2]), { result: twoNumbers });
    await expect(junction.call('com.example.echo', { args: [42] })).rejects.toMatchObject({
      uri: ContractErrorUri.INVALID_RESULT,
      message: 'Invalid result of com.example.echo: / must be string',
    });
    expect(await junction.call('com.example.echo', { args: ['ok'] })).toEqual({ args: ['ok'] });
    expect(await junction.call('com.example.pair')).toEqual({ args: [1, 2] });
  });

  it('throws ContractError naming the procedure for an invalid schema', () => {
    const junction = create();
    expect(() => junction.register('com.example.x', () => 1, { params: { minItems: -1 } })).toThrow(
      /^register\("com\.example\.x"\): params: invalid JSON Schema/,
    );
  });
});

describe('createJunction contracts option', () => {
  it('compiles the listed contracts at creation', async () => {
    const junction = create({
      contracts: [
        { topic: 'orders.*', publish: order },
        { procedure: 'com.example.add', params: twoNumbers, result: { type: 'number' } },
      ],
    });
    junction.register('com.example.add', ([a]) => String(a));
    expect(() => junction.publish('orders.new', {})).toThrow(/required property 'quantity'/);
    await expect(junction.call('com.example.add', { args: ['1', 2] })).rejects.toMatchObject({
      uri: ErrorUri.INVALID_ARGUMENT,
    });
    await expect(junction.call('com.example.add', { args: [1, 2] })).rejects.toMatchObject({
      uri: ContractErrorUri.INVALID_RESULT,
    });
  });

  it('throws ContractError naming the contract that does not compile', () => {
    expect(() =>
      create({
        contracts: [
          { topic: 'a', publish: true },
          { procedure: 'b', params: { $ref: '#/nope' } },
        ],
      }),
    ).toThrow(/^contracts\[1\] \(procedure b\): params: invalid JSON Schema/);
  });
});

describe('contracts in a cluster', () => {
  async function node(bus: MemoryBus, name: string, contracts = false) {
    const engine = createBusEngine(bus, { ...TIMING, nodeId: name });
    const options = contracts
      ? {
          contracts: [
            { topic: 'orders.new', publish: order },
            { procedure: 'math.double', params: twoNumbers },
          ],
        }
      : {};
    const junction = await startJunction({ protocols: [], engine, ...options });
    started.push(junction);
    return { junction: junction.junction, engine };
  }

  it('checks publishes on the publishing node and calls on the callee node', async () => {
    const bus = new MemoryBus();
    const plain = await node(bus, 'plain');
    const checked = await node(bus, 'checked', true);
    const received: RoutedMessage[] = [];
    checked.junction.subscribe('orders.new', (m) => received.push(m));
    checked.junction.register('math.double', ([x]) => Number(x) * 2);
    await eventually(() => plain.junction.router.engine.calls.route('realm1', 'math.double') !== undefined);
    await checked.engine.settled();
    // The contract lives on the checked node: its own publishers are refused...
    expect(() => checked.junction.publish('orders.new', { quantity: 0 })).toThrow(/\/quantity/);
    // ...while a message from another node was the other node's to check, and is delivered.
    plain.junction.publish('orders.new', { quantity: 0 });
    await eventually(() => received.length === 1);
    // A call runs where its callee is, so the callee's node checks it whoever calls.
    await expect(plain.junction.call('math.double', { args: [2, '2'] })).rejects.toMatchObject({
      uri: ErrorUri.INVALID_ARGUMENT,
    });
    expect(await plain.junction.call('math.double', { args: [2, 2] })).toEqual({ args: [4] });
  });
});
