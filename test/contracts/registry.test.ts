import { describe, expect, it } from 'vitest';
import { ContractError, ContractErrorUri, ContractRegistry } from '../../src/contracts/registry.js';
import { type CallPayload, ErrorUri, RouterError } from '../../src/router/types.js';

const order = {
  type: 'object',
  required: ['id', 'quantity'],
  properties: { id: { type: 'string' }, quantity: { type: 'integer', minimum: 1 } },
} as const;

/** The error checkPublish throws for a publish, or undefined when it passes. */
function refusal(registry: ContractRegistry, topic: string, payload: CallPayload, realm = 'realm1') {
  try {
    registry.checkPublish(realm, { topic, ...payload });
    return undefined;
  } catch (error) {
    if (error instanceof RouterError) return error;
    throw error;
  }
}

describe('ContractRegistry', () => {
  it('refuses a publish that breaks the schema, naming the path, with invalid_argument', () => {
    const registry = new ContractRegistry();
    registry.add('orders.*', { publish: order });
    const error = refusal(registry, 'orders.new', { args: [{ id: 'a', quantity: 0 }] });
    expect(error).toMatchObject({
      uri: ErrorUri.INVALID_ARGUMENT,
      message: 'Invalid payload for orders.new: /quantity must be >= 1',
      args: ['Invalid payload for orders.new: /quantity must be >= 1'],
      kwargs: { errors: [{ path: '/quantity', keyword: 'minimum', message: 'must be >= 1', params: { limit: 1 } }] },
    });
    expect(refusal(registry, 'orders.new', { args: [{ id: 'a', quantity: 3 }] })).toBeUndefined();
  });

  it('lists every failure, and names a missing property', () => {
    const registry = new ContractRegistry();
    registry.add('orders.new', { publish: order });
    const error = refusal(registry, 'orders.new', { args: [{ quantity: 'x' }] });
    expect(error?.message).toBe(
      "Invalid payload for orders.new: / must have required property 'id'; /quantity must be integer",
    );
    expect(error?.kwargs?.errors).toHaveLength(2);
  });

  it('matches with the wildcard syntax by default when the pattern has * or #, else exactly', () => {
    const registry = new ContractRegistry();
    expect(registry.add('a.*.c', { publish: false }).match).toBe('wildcard');
    expect(registry.add('b.#', { publish: false }).match).toBe('wildcard');
    expect(registry.add('c..e', { publish: false }).match).toBe('wildcard');
    expect(registry.add('d.e', { publish: false }).match).toBe('exact');
    expect(refusal(registry, 'a.b.c', {})).toBeDefined();
    expect(refusal(registry, 'a.b.x.c', {})).toBeUndefined();
    expect(refusal(registry, 'b', {})).toBeDefined();
    expect(refusal(registry, 'b.x.y.z', {})).toBeDefined();
    expect(refusal(registry, 'c.d.e', {})).toBeDefined();
    expect(refusal(registry, 'd.e', {})).toBeDefined();
    expect(refusal(registry, 'd.e.f', {})).toBeUndefined();
  });

  it('honours an explicit prefix match', () => {
    const registry = new ContractRegistry();
    registry.add('metrics', { publish: { type: 'number' }, match: 'prefix' });
    expect(refusal(registry, 'metrics.cpu', { args: ['high'] })).toBeDefined();
    expect(refusal(registry, 'metricsx', { args: ['high'] })).toBeDefined();
    expect(refusal(registry, 'metrics.cpu', { args: [0.5] })).toBeUndefined();
    expect(refusal(registry, 'other', { args: ['high'] })).toBeUndefined();
  });

  it('applies every matching contract', () => {
    const registry = new ContractRegistry();
    registry.add('orders.#', { publish: { type: 'object' } });
    registry.add('orders.new', { publish: order });
    expect(refusal(registry, 'orders.new', { args: ['text'] })?.message).toBe(
      'Invalid payload for orders.new: / must be object',
    );
    expect(refusal(registry, 'orders.new', { args: [{ id: 'a' }] })?.message).toMatch(/required property 'quantity'/);
  });

  it('applies a contract with a realm to that realm only, and one without to every realm', () => {
    const registry = new ContractRegistry();
    registry.add('t', { publish: { type: 'string' }, realm: 'tenant1' });
    registry.add('u', { publish: { type: 'string' } });
    expect(refusal(registry, 't', { args: [1] }, 'tenant1')).toBeDefined();
    expect(refusal(registry, 't', { args: [1] }, 'tenant2')).toBeUndefined();
    expect(refusal(registry, 'u', { args: [1] }, 'tenant2')).toBeDefined();
  });

  it('lifts a contract with remove(), idempotently', () => {
    const registry = new ContractRegistry();
    const contract = registry.add('t', { publish: false, params: false });
    contract.remove();
    contract.remove();
    expect(registry.size).toBe(0);
    expect(refusal(registry, 't', {})).toBeUndefined();
    expect(registry.procedure('realm1', 't')).toBeUndefined();
    registry.add('t', { publish: false });
    expect(refusal(registry, 't', {})).toBeDefined();
  });

  it('never checks the STOMP reply topics, which carry results', () => {
    const registry = new ContractRegistry();
    registry.add('#', { publish: { type: 'object' } });
    expect(refusal(registry, 'junction.reply.7.r1', { args: ['text'] })).toBeUndefined();
    expect(refusal(registry, 'chat', { args: ['text'] })).toBeDefined();
  });

  it('never checks reserved topics (wamp.*, junction.*), which only the broker publishes', () => {
    const registry = new ContractRegistry();
    registry.add('#', { publish: { type: 'object' } });
    expect(refusal(registry, 'wamp.session.on_join', { args: ['text'] })).toBeUndefined();
    expect(refusal(registry, 'junction.anything', { args: ['text'] })).toBeUndefined();
    expect(refusal(registry, 'wampish.topic', { args: ['text'] })).toBeDefined();
  });

  it('checks procedure params with invalid_argument and results with junction.error.invalid_result', () => {
    const registry = new ContractRegistry();
    const numbers = { type: 'object', properties: { args: { type: 'array', items: { type: 'number' } } } };
    registry.add('com.example.add', { params: numbers, result: { type: 'number' } });
    const checks = registry.procedure('realm1', 'com.example.add');
    expect(checks?.params({ args: [2, 'x'] })).toMatchObject({
      uri: ErrorUri.INVALID_ARGUMENT,
      message: 'Invalid arguments for com.example.add: /args/1 must be number',
    });
    expect(checks?.params({ args: [2, 3] })).toBeUndefined();
    expect(checks?.result({ args: ['5'] })).toMatchObject({
      uri: ContractErrorUri.INVALID_RESULT,
      message: 'Invalid result of com.example.add: / must be number',
    });
    expect(checks?.result({ args: [5] })).toBeUndefined();
    expect(registry.procedure('realm1', 'com.example.sub')).toBeUndefined();
  });

  it('keeps topic and procedure contracts apart', () => {
    const registry = new ContractRegistry();
    registry.add('x', { publish: false });
    registry.add('y', { params: false });
    expect(registry.procedure('realm1', 'x')).toBeUndefined();
    expect(refusal(registry, 'y', {})).toBeUndefined();
  });

  it('throws ContractError naming the contract for an invalid schema, pattern or a duplicate', () => {
    const registry = new ContractRegistry();
    expect(() => registry.add('orders.*', { publish: { type: 'integr' } })).toThrow(ContractError);
    expect(() => registry.add('orders.*', { publish: { type: 'integr' } })).toThrow(
      /^Contract "orders\.\*": publish: invalid JSON Schema: schema is invalid/,
    );
    expect(() => registry.add('a b', { publish: true })).toThrow(/invalid exact pattern "a b"/);
    expect(() => registry.add('a.b*', { publish: true, match: 'wildcard' })).toThrow(/must be whole segments/);
    expect(() => registry.add('a', {})).toThrow(/needs a publish, params or result schema/);
    registry.add('a', { publish: true });
    expect(() => registry.add('a', { publish: true })).toThrow(/topic a \(exact\) already has a contract/);
  });

  it('declares contracts in config form, refusing mixed or incomplete ones with their label', () => {
    const registry = new ContractRegistry();
    registry.define({ topic: 'orders.*', publish: order }, 'contracts[0]');
    registry.define({ procedure: 'com.example.add', result: { type: 'number' } }, 'contracts[1]');
    expect(registry.size).toBe(2);
    expect(() => registry.define({ topic: 't', procedure: 'p', publish: true }, 'contracts[2]')).toThrow(
      'contracts[2]: names either a "topic" or a "procedure"',
    );
    expect(() => registry.define({ topic: 't', params: true }, 'contracts[3]')).toThrow(/needs a "publish" schema/);
    expect(() => registry.define({ procedure: 'p', publish: true }, 'contracts[4]')).toThrow(/needs a "params" or/);
    expect(() => registry.define({ procedure: 'p', params: { minimum: 'x' } }, 'contracts[5]')).toThrow(
      /^contracts\[5\] \(procedure p\): params: invalid JSON Schema/,
    );
  });
});
