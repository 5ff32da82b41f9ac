/**
 * Every router error of the one error table, rendered by each built-in protocol's own rendering
 * function, as the table states: STOMP's ERROR frame (and its close code) and `/rpc/` error reply,
 * WAMP's ERROR, JSON-RPC's error object. An application URI gets the application entry. The one
 * core error protocols render, an authentication refusal, too.
 */
import { describe, expect, it } from 'vitest';
import { toErrorObject } from '../../protocols/jsonrpc/errors.js';
import { errorFrame, fromAuthenticationError, toStompError } from '../../protocols/stomp/errors.js';
import { header } from '../../protocols/stomp/frame.js';
import { errorReply } from '../../protocols/stomp/handlers/rpc.js';
import { FrameParser } from '../../protocols/stomp/parser.js';
import { answerFailure } from '../../protocols/wamp/handlers/router-error.js';
import { authFailure } from '../../protocols/wamp/handshake.js';
import { MessageCode } from '../../protocols/wamp/messages.js';
import type { Peer } from '../../protocols/wamp/peer.js';
import type { RouterErrorSpec } from '../../src/errors/index.js';
import {
  AuthenticationError,
  type CallPayload,
  errorCodes,
  formatMessage,
  RouterError,
  routerErrorFor,
  routerErrors,
} from '../../src/plugin/index.js';

const MESSAGE = 'it went wrong: badly';
const cases: [string, RouterErrorSpec][] = [
  ...Object.values(routerErrors).map((spec): [string, RouterErrorSpec] => [spec.uri, spec]),
  ['com.example.error.out_of_stock', routerErrorFor('com.example.error.out_of_stock')],
];

/** Parses one serialized STOMP frame with the broker's own parser. */
function parseFrame(data: string | Uint8Array) {
  const parser = new FrameParser({ maxFrameSize: 1 << 20, maxHeaders: 100, maxHeaderLength: 1 << 16 });
  parser.version = '1.2';
  parser.push(typeof data === 'string' ? new TextEncoder().encode(data) : data);
  const event = parser.next();
  if (event?.frame === undefined) throw new Error('no frame');
  return event.frame;
}

/** A WAMP peer that records the ERROR it is asked to send. */
function recordingPeer(sent: { uri: string; payload: CallPayload | undefined }[]): Peer {
  return {
    sendError: (_type: number, _request: number, uri: string, payload?: CallPayload) => sent.push({ uri, payload }),
  } as unknown as Peer;
}

describe.each(cases)('router error %s', (uri, spec) => {
  const error = (): RouterError => new RouterError(uri, MESSAGE, { args: [MESSAGE] });

  it('is a STOMP ERROR frame with the message text, the URI as body, then the close code', () => {
    const stomp = toStompError(error());
    expect(stomp?.closeCode).toBe(spec.stomp.closeCode);
    const frame = parseFrame(errorFrame(stomp!, 'r-1', '1.2'));
    expect(frame.command).toBe('ERROR');
    expect(header(frame, 'message')).toBe(formatMessage(spec.stomp.message, [MESSAGE]));
    expect(header(frame, 'receipt-id')).toBe('r-1');
    expect(new TextDecoder().decode(frame.body)).toBe(uri);
  });

  it('is a STOMP /rpc/ reply with the URI in its error header', () => {
    const reply = errorReply(error(), { 'correlation-id': 'c-1' });
    expect(reply.headers).toEqual({ 'correlation-id': 'c-1', error: uri });
    expect(reply.args).toEqual([MESSAGE]);
  });

  it('is a WAMP ERROR with the URI the table gives', () => {
    const sent: { uri: string; payload: CallPayload | undefined }[] = [];
    answerFailure(recordingPeer(sent), MessageCode.CALL, 7, error());
    expect(sent).toEqual([{ uri: spec.wamp, payload: { args: [MESSAGE], kwargs: undefined } }]);
    expect(spec.wamp).toBe(uri);
  });

  it('is a JSON-RPC error object with the code the table gives and the URI in data', () => {
    expect(toErrorObject(error())).toEqual({ code: spec.jsonrpc, message: MESSAGE, data: { uri, args: [MESSAGE] } });
  });
});

describe('authentication refusal (JNC_ERR_AUTH_FAILED)', () => {
  const spec = errorCodes.JNC_ERR_AUTH_FAILED;
  const error = new AuthenticationError('bad password');

  it('is a STOMP ERROR "Access refused" naming the login, then the close code', () => {
    const stomp = fromAuthenticationError(error, 'alice');
    expect(stomp.closeCode).toBe(spec.stomp.closeCode);
    const frame = parseFrame(errorFrame(stomp, undefined, '1.2'));
    expect(header(frame, 'message')).toBe(formatMessage(spec.stomp.message, [" for user 'alice'"]));
    expect(new TextDecoder().decode(frame.body)).toBe('bad password');
  });

  it('is a WAMP ABORT with the reason the table gives', () => {
    expect(authFailure(error)).toEqual({ kind: 'abort', reason: spec.wamp, message: 'bad password' });
  });

  it('is a JSON-RPC error object with the code the table gives', () => {
    expect(toErrorObject(error)).toEqual({ code: spec.jsonrpc, message: 'authentication failed: bad password' });
  });
});
