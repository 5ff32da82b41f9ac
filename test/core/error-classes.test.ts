/** The error class hierarchy: one root, JunctionError, with a code of the table on every error. */
import { describe, expect, it } from 'vitest';
import { ContractError } from '../../src/contracts/index.js';
import {
  AuthenticationError,
  EngineError,
  ErrorUri,
  InvocationAborted,
  JunctionError,
  type RenderedErrorSpec,
  RouterError,
  type RouterErrorSpec,
  routerErrorFor,
} from '../../src/errors/index.js';
import * as routerTypes from '../../src/router/types.js';

describe('JunctionError', () => {
  it('formats the message arguments and carries the status', () => {
    const error = new JunctionError('JNC_ERR_NEGOTIATION_NO_MATCH', ['v12.stomp, wamp.2.json']);
    expect(error.message).toBe('No supported subprotocol offered; supported: v12.stomp, wamp.2.json');
    expect(error).toMatchObject({ code: 'JNC_ERR_NEGOTIATION_NO_MATCH', httpStatus: 400 });
  });

  it('carries the close code of a connection error and the cause', () => {
    const cause = new Error('boom');
    const error = new JunctionError('JNC_ERR_SESSION_CRASHED', ['stomp'], { cause });
    expect(error).toMatchObject({ closeCode: 1011, message: 'Internal error in stomp session', cause });
  });
});

describe('RouterError', () => {
  it('takes its code from the table entry of its URI', () => {
    const error = new RouterError(ErrorUri.NO_SUCH_PROCEDURE, 'no procedure com.x');
    expect(error).toBeInstanceOf(JunctionError);
    expect(error).toMatchObject({ code: 'JNC_ERR_ROUTER_NO_SUCH_PROCEDURE', message: 'no procedure com.x' });
  });

  it('gives an application URI the generic application code', () => {
    const error = new RouterError('com.example.error.out_of_stock', undefined, { args: [1] });
    expect(error).toMatchObject({ code: 'JNC_ERR_ROUTER_APPLICATION', message: 'com.example.error.out_of_stock' });
    expect(error.args).toEqual([1]);
  });

  it('is what the router vocabulary exports, InvocationAborted included', () => {
    expect(routerTypes.RouterError).toBe(RouterError);
    expect(routerTypes.ErrorUri).toBe(ErrorUri);
    const aborted = new routerTypes.InvocationAborted(ErrorUri.TIMEOUT, 'kill');
    expect(aborted).toBeInstanceOf(RouterError);
    expect(aborted).toBeInstanceOf(InvocationAborted);
    expect(aborted).toMatchObject({ code: 'JNC_ERR_ROUTER_TIMEOUT', mode: 'kill', uri: 'wamp.error.timeout' });
  });

  it('looks up application URIs with their own URI as the WAMP rendering', () => {
    expect(routerErrorFor('com.example.error.x')).toMatchObject({
      code: 'JNC_ERR_ROUTER_APPLICATION',
      wamp: 'com.example.error.x',
      jsonrpc: -32000,
    });
  });
});

describe('errors that extend JunctionError', () => {
  it.each([
    [new AuthenticationError(), 'JNC_ERR_AUTH_FAILED', 'invalid credentials'],
    [new ContractError('contracts[0]: bad schema'), 'JNC_ERR_CONTRACT_INVALID', 'contracts[0]: bad schema'],
    [new EngineError('JNC_ERR_ENGINE_UNAVAILABLE', ['bus']), 'JNC_ERR_ENGINE_UNAVAILABLE', 'bus is down'],
    [new EngineError('JNC_ERR_ENGINE_CLOSED', ['bus backend']), 'JNC_ERR_ENGINE_CLOSED', 'bus backend is closed'],
  ])('%s has its code and message', (error, code, message) => {
    expect(error).toBeInstanceOf(JunctionError);
    expect(error).toMatchObject({ code, message });
  });
});

describe('the table types', () => {
  it('does not compile an entry without a rendering for every protocol', () => {
    const incomplete = {
      uri: 'com.example.error.x',
      code: 'JNC_ERR_ROUTER_X',
      summary: 'x',
      stomp: { message: '%s', closeCode: 1002 },
      wamp: 'com.example.error.x',
    };
    // @ts-expect-error: no JSON-RPC rendering (checked by `tsc --noEmit`, part of `npm run lint`)
    const entry: RouterErrorSpec = incomplete;
    expect(entry).not.toHaveProperty('jsonrpc');
  });

  it('does not compile a protocol-rendered core code without a rendering for every protocol', () => {
    const incomplete = { message: '%s', stomp: { message: '%s', closeCode: 1008 }, jsonrpc: -32004 };
    // @ts-expect-error: no WAMP rendering
    const entry: RenderedErrorSpec = incomplete;
    expect(entry).not.toHaveProperty('wamp');
  });
});
