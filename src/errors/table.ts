/**
 * Core errors: one table of codes (fastify's pattern), each with the HTTP status it implies at the
 * handshake or the WebSocket close code it implies on an open connection (ws's pairing).
 * Protocol errors are not here: each protocol module renders its own.
 */

interface ErrorSpec {
  readonly message: string;
  readonly httpStatus?: number;
  readonly closeCode?: number;
}

export const errorCodes = {
  JNC_ERR_NEGOTIATION_MALFORMED: { message: 'Malformed Sec-WebSocket-Protocol header: %s', httpStatus: 400 },
  JNC_ERR_NEGOTIATION_NO_MATCH: {
    message: 'No supported subprotocol offered; supported: %s',
    httpStatus: 400,
  },
  JNC_ERR_NEGOTIATION_NO_FALLBACK: { message: 'A subprotocol is required; supported: %s', httpStatus: 400 },
  JNC_ERR_HANDSHAKE_ORIGIN: { message: 'Origin %s is not allowed', httpStatus: 403 },
  JNC_ERR_HANDSHAKE_UNAUTHORIZED: { message: 'Authentication failed: %s', httpStatus: 401 },
  JNC_ERR_HANDSHAKE_UNAVAILABLE: { message: 'Broker is not accepting connections: %s', httpStatus: 503 },
  JNC_ERR_LOGIN_TIMEOUT: { message: 'login timeout', closeCode: 1008 },
  JNC_ERR_SLOW_CONSUMER: { message: 'slow consumer', closeCode: 1008 },
  JNC_ERR_SESSION_CRASHED: { message: 'Internal error in %s session', closeCode: 1011 },
  JNC_ERR_PLUGIN_INVALID: { message: 'Invalid protocol plugin: %s' },
  JNC_ERR_PLUGIN_OPTIONS: { message: 'Invalid options for protocol plugin %s: %s' },
  JNC_ERR_PLUGIN_DUPLICATE_TOKEN: { message: 'Subprotocol token %s is claimed by both %s and %s' },
  JNC_ERR_PLUGIN_SECOND_FALLBACK: { message: 'Plugins %s and %s both declare fallback: true' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof errorCodes;

export class JunctionError extends Error {
  readonly code: ErrorCode;
  readonly httpStatus?: number;
  readonly closeCode?: number;

  constructor(code: ErrorCode, args: readonly (string | number)[] = [], options?: ErrorOptions) {
    const spec: ErrorSpec = errorCodes[code];
    let index = 0;
    super(
      spec.message.replace(/%s/g, () => String(args[index++] ?? '')),
      options,
    );
    this.name = 'JunctionError';
    this.code = code;
    if (spec.httpStatus !== undefined) this.httpStatus = spec.httpStatus;
    if (spec.closeCode !== undefined) this.closeCode = spec.closeCode;
  }
}

/** Thrown by authenticators to refuse a client; protocols render it as their own auth error. */
export class AuthenticationError extends Error {
  constructor(message = 'invalid credentials') {
    super(message);
    this.name = 'AuthenticationError';
  }
}
