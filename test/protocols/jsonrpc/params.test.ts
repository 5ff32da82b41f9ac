import { describe, expect, it } from 'vitest';
import { ErrorCode, JsonRpcError } from '../../../protocols/jsonrpc/errors.js';
import {
  parseLogin,
  parsePublish,
  parseRegister,
  parseSubscribe,
  parseSubscriptionId,
} from '../../../protocols/jsonrpc/params.js';

function invalidParams(run: () => unknown): JsonRpcError {
  try {
    run();
  } catch (error) {
    if (error instanceof JsonRpcError) return error;
    throw error;
  }
  throw new Error('expected Invalid params');
}

describe('params', () => {
  it('[JSON-RPC 2.0 §4.2] takes subscribe params by position or by name', () => {
    expect(parseSubscribe(['chat.room1', { match: 'prefix' }])).toEqual({
      topic: 'chat.room1',
      match: 'prefix',
    });
    expect(parseSubscribe(['chat.room1'])).toEqual({ topic: 'chat.room1' });
    expect(parseSubscribe({ topic: 'chat', match: 'wildcard' })).toEqual({
      topic: 'chat',
      match: 'wildcard',
    });
  });

  it('refuses an unknown match policy with -32602 naming the path', () => {
    const error = invalidParams(() => parseSubscribe(['chat', { match: 'regex' }]));
    expect(error.code).toBe(ErrorCode.INVALID_PARAMS);
    expect(error.message).toMatch(/params\/1\/match/);
  });

  it('refuses missing or extra positional params', () => {
    expect(invalidParams(() => parseSubscribe([])).code).toBe(ErrorCode.INVALID_PARAMS);
    expect(invalidParams(() => parsePublish(['t', 1, 2])).code).toBe(ErrorCode.INVALID_PARAMS);
    expect(invalidParams(() => parseSubscribe(undefined)).code).toBe(ErrorCode.INVALID_PARAMS);
  });

  it('tells an omitted publish payload from a null one', () => {
    expect(parsePublish(['t'])).toEqual({ topic: 't' });
    expect(parsePublish(['t', null])).toEqual({ topic: 't', payload: null });
    expect(parsePublish({ topic: 't', payload: { a: 1 } })).toEqual({ topic: 't', payload: { a: 1 } });
  });

  it('takes register options by position or by name', () => {
    expect(parseRegister(['p', { invoke: 'roundrobin' }])).toEqual({ procedure: 'p', invoke: 'roundrobin' });
    expect(parseRegister({ procedure: 'p', match: 'prefix' })).toEqual({ procedure: 'p', match: 'prefix' });
  });

  it('takes login credentials by position or by name', () => {
    expect(parseLogin(['alice', 's3cret'])).toEqual({ authid: 'alice', secret: 's3cret' });
    expect(parseLogin({ authid: 'alice', secret: 's3cret' })).toEqual({ authid: 'alice', secret: 's3cret' });
    expect(invalidParams(() => parseLogin(['alice'])).code).toBe(ErrorCode.INVALID_PARAMS);
  });

  it('takes a subscription id by position or by name, and refuses a non-integer', () => {
    expect(parseSubscriptionId([7])).toBe(7);
    expect(parseSubscriptionId({ subscription: 7 })).toBe(7);
    expect(invalidParams(() => parseSubscriptionId(['7'])).code).toBe(ErrorCode.INVALID_PARAMS);
  });
});
