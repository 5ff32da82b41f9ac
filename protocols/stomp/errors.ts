/**
 * The STOMP protocol error: thrown by handlers, rendered by the session as an ERROR frame followed
 * by closing the connection (STOMP 1.2: "the server MUST close the connection" after ERROR).
 * Router errors take their `message` text and close code from the one error table.
 */
import {
  type Action,
  type AuthenticationError,
  ErrorUri,
  errorCodes,
  formatMessage,
  RouterError,
  routerErrorFor,
} from '../../src/plugin/index.js';
import { Command, type HeaderList, type StompVersion } from './frame.js';
import { serializeFrame } from './serializer.js';

/** WebSocket close codes used after an ERROR frame. */
export const CloseCode = {
  NORMAL: 1000,
  PROTOCOL_ERROR: 1002,
  POLICY: 1008,
  TOO_BIG: 1009,
} as const;

export interface StompErrorOptions {
  /** Longer explanation, sent as the ERROR body. */
  readonly details?: string;
  /** Extra ERROR headers, such as `version` for a version mismatch. */
  readonly headers?: HeaderList;
  readonly closeCode?: number;
  /** Name of the breached limit, when a limit caused the error. */
  readonly limit?: string;
}

export class StompError extends Error {
  readonly details: string | undefined;
  readonly headers: HeaderList;
  readonly closeCode: number;
  readonly limit: string | undefined;

  constructor(message: string, options: StompErrorOptions = {}) {
    super(message);
    this.name = 'StompError';
    this.details = options.details;
    this.headers = options.headers ?? [];
    this.closeCode = options.closeCode ?? (options.limit ? CloseCode.POLICY : CloseCode.PROTOCOL_ERROR);
    this.limit = options.limit;
  }
}

/** An error for a breached limit: the message names the limit and its value. */
export function limitError(limit: string, value: number, what: string): StompError {
  return new StompError(`Limit ${limit} (${value}) exceeded: ${what}`, { limit });
}

/** A missing required header. */
export function missingHeader(command: string, name: string): StompError {
  return new StompError(`Missing header ${name}`, { details: `${command} requires a '${name}' header` });
}

/**
 * Renders what a handler threw: a StompError as it is, a RouterError as its table entry says
 * (`message` text, close code; the URI as the body); undefined for a programming error.
 */
export function toStompError(error: Error): StompError | undefined {
  if (error instanceof StompError) return error;
  if (!(error instanceof RouterError)) return undefined;
  const { stomp } = routerErrorFor(error.uri);
  return new StompError(formatMessage(stomp.message, [error.message]), {
    details: error.uri,
    closeCode: stomp.closeCode,
    headers: refusalHeaders(error),
  });
}

/** issue 11: `access denied` names what was refused, `action` and `uri` (router form, as permissions name it). */
function refusalHeaders(error: RouterError): HeaderList {
  if (error.uri !== ErrorUri.NOT_AUTHORIZED) return [];
  const { action, uri } = error.kwargs ?? {};
  return typeof action === 'string' && typeof uri === 'string'
    ? [
        ['action', action],
        ['uri', uri],
      ]
    : [];
}

/** A refusal made by STOMP's own rules (reply paths), rendered as the router's refusals are. */
export function accessDenied(action: Action, uri: string, why: string): RouterError {
  return new RouterError(ErrorUri.NOT_AUTHORIZED, `not authorized to ${action} ${uri} (${why})`, {
    kwargs: { action, uri },
  });
}

/** An authenticator's refusal of CONNECT, as the error table renders it; `login` names the user. */
export function fromAuthenticationError(error: AuthenticationError, login: string | undefined): StompError {
  const { stomp } = errorCodes.JNC_ERR_AUTH_FAILED;
  const who = login === undefined ? '' : ` for user '${login}'`;
  return new StompError(formatMessage(stomp.message, [who]), { details: error.message, closeCode: stomp.closeCode });
}

const encoder = new TextEncoder();

/** STOMP 1.2 ERROR: `message`, `receipt-id` when the frame asked for a receipt, a text body. */
export function errorFrame(error: StompError, receipt: string | undefined, version: StompVersion): string | Uint8Array {
  const headers: (readonly [string, string])[] = [['message', error.message]];
  if (receipt !== undefined) headers.push(['receipt-id', receipt]);
  headers.push(...error.headers, ['content-type', 'text/plain']);
  const body = encoder.encode(error.details ?? error.message);
  return serializeFrame({ command: Command.ERROR, headers, body }, version);
}
