import { describe, expect, it } from 'vitest';
import {
  ErrorCode,
  fromRouterError,
  JSONRPC_ERROR_URI,
  toErrorObject,
  toRouterError,
} from '../../../protocols/jsonrpc/errors.js';
import { AuthenticationError } from '../../../src/errors/table.js';
import { ErrorUri, RouterError } from '../../../src/router/types.js';

describe('errors', () => {
  it('has unique codes, all in the spec range or the server range -32000..-32099', () => {
    const codes = Object.values(ErrorCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) {
      expect([-32700, -32600, -32601, -32602, -32603].includes(code) || (code <= -32000 && code >= -32099)).toBe(true);
    }
  });

  it.each([
    [ErrorUri.NO_SUCH_PROCEDURE, -32601],
    [ErrorUri.INVALID_ARGUMENT, -32602],
    [ErrorUri.TIMEOUT, -32002],
    [ErrorUri.CANCELED, -32003],
    [ErrorUri.NOT_AUTHORIZED, -32005],
    [ErrorUri.PROCEDURE_ALREADY_EXISTS, -32007],
    [ErrorUri.LIMIT_EXCEEDED, -32008],
    ['com.example.error.out_of_stock', -32000],
  ])('maps %s to %i with the URI in data', (uri, code) => {
    const error = fromRouterError(new RouterError(uri, 'boom', { args: [1], kwargs: { a: 1 } }));
    expect(error).toEqual({ code, message: 'boom', data: { uri, args: [1], kwargs: { a: 1 } } });
  });

  it('renders an authorization refusal as -32005 with data {action, uri} (issue 11)', () => {
    const refusal = new RouterError(ErrorUri.NOT_AUTHORIZED, 'not authorized to publish a.b (no permission)', {
      kwargs: { action: 'publish', uri: 'a.b' },
    });
    expect(fromRouterError(refusal)).toEqual({
      code: -32005,
      message: 'not authorized to publish a.b (no permission)',
      data: { action: 'publish', uri: 'a.b' },
    });
  });

  it('passes an error another JSON-RPC callee returned through unchanged', () => {
    const routed = toRouterError({ code: 42, message: 'nope', data: { why: 'x' } });
    expect(routed.uri).toBe(JSONRPC_ERROR_URI);
    expect(fromRouterError(routed)).toEqual({ code: 42, message: 'nope', data: { why: 'x' } });
  });

  it('takes the URI from a callee error data.uri, with its args and kwargs', () => {
    const routed = toRouterError({
      code: -32000,
      message: 'm',
      data: { uri: 'com.x.err', args: [1], kwargs: { k: 2 } },
    });
    expect([routed.uri, routed.message, routed.args, routed.kwargs]).toEqual(['com.x.err', 'm', [1], { k: 2 }]);
  });

  it('maps a callee -32602 to wamp.error.invalid_argument', () => {
    expect(toRouterError({ code: -32602, message: 'bad' }).uri).toBe(ErrorUri.INVALID_ARGUMENT);
  });

  it('renders authentication failures as -32004 and unexpected errors as -32603 without details', () => {
    expect(toErrorObject(new AuthenticationError('bad password')).code).toBe(-32004);
    expect(toErrorObject(new TypeError('secret internals'))).toEqual({
      code: -32603,
      message: 'Internal error',
    });
  });
});
