/**
 * The root of the broker's error classes (ws's code and close-code pairing, fastify's table):
 * every error the core raises has a stable `code` from the table, and the HTTP status or close
 * code that code implies.
 */
import { type ErrorCode, errorCodes } from './codes.js';
import type { CoreErrorSpec } from './spec.js';

/** Arguments for a message's `%s` placeholders, in order. */
export type MessageArgs = readonly (string | number)[];

/** Fills the `%s` placeholders of a table message. */
export function formatMessage(template: string, args: MessageArgs): string {
  let index = 0;
  return template.replace(/%s/g, () => String(args[index++] ?? ''));
}

/**
 * An error with a code of the table.
 * @example throw new JunctionError('JNC_ERR_PLUGIN_INVALID', ['name must be a non-empty string']);
 */
export class JunctionError extends Error {
  readonly code: ErrorCode;
  readonly httpStatus?: number;
  readonly closeCode?: number;

  constructor(code: ErrorCode, args: MessageArgs = [], options?: ErrorOptions) {
    const spec: CoreErrorSpec = errorCodes[code];
    super(formatMessage(spec.message, args), options);
    this.name = 'JunctionError';
    this.code = code;
    if (spec.httpStatus !== undefined) this.httpStatus = spec.httpStatus;
    if (spec.closeCode !== undefined) this.closeCode = spec.closeCode;
  }
}

/** Thrown by authenticators to refuse a client; protocols render it as their own auth error. */
export class AuthenticationError extends JunctionError {
  constructor(message = 'invalid credentials', options?: ErrorOptions) {
    super('JNC_ERR_AUTH_FAILED', [message], options);
    this.name = 'AuthenticationError';
  }
}

/** A fault of the cluster engine (Redis or a bus): reported, counted, never thrown at clients. */
export class EngineError extends JunctionError {
  constructor(code: Extract<ErrorCode, `JNC_ERR_ENGINE_${string}`>, args: MessageArgs = [], options?: ErrorOptions) {
    super(code, args, options);
    this.name = 'EngineError';
  }
}
