/**
 * Options of the STOMP plugin, their JSON Schema (validated with ajv at registration) and defaults.
 */

export interface StompOptions {
  /** Largest frame in bytes once connected. Default: the broker's maxPayload. */
  readonly maxFrameSize?: number;
  /** Largest frame before CONNECT succeeds, in bytes. Default 65536 (as RabbitMQ). */
  readonly maxConnectFrameSize?: number;
  /** Headers per frame. Default 100 (as RabbitMQ). */
  readonly maxHeaders?: number;
  /** Bytes per header line. Default 8192. */
  readonly maxHeaderLength?: number;
  /** Active subscriptions per connection. Default 1000. */
  readonly maxSubscriptions?: number;
  /** Open transactions per connection. Default 16 (as RabbitMQ). */
  readonly maxTransactions?: number;
  /** Frames buffered in one transaction. Default 1024 (as RabbitMQ). */
  readonly maxActionsPerTransaction?: number;
  /**
   * Smallest heart-beat interval the server offers to send, in ms (the `sx` of CONNECTED's
   * heart-beat). 0 disables server heart-beats. Default 1000.
   */
  readonly heartbeatOutgoing?: number;
  /** Smallest interval the server wants client heart-beats at, in ms (`sy`). 0 = none. Default 1000. */
  readonly heartbeatIncoming?: number;
  /** A client is dead after this many negotiated intervals of silence. Default 2 (as Artemis). */
  readonly heartbeatGraceFactor?: number;
  /** Timeout of `/rpc/` calls in ms; 0 = none. Default 30000. */
  readonly rpcTimeout?: number;
}

export type ResolvedStompOptions = Required<Omit<StompOptions, 'maxFrameSize'>> & {
  readonly maxFrameSize: number | undefined;
};

const positiveInteger = { type: 'integer', minimum: 1 } as const;
const nonNegativeInteger = { type: 'integer', minimum: 0 } as const;

/** JSON Schema of StompOptions. */
export const stompOptionsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    maxFrameSize: positiveInteger,
    maxConnectFrameSize: positiveInteger,
    maxHeaders: positiveInteger,
    maxHeaderLength: positiveInteger,
    maxSubscriptions: positiveInteger,
    maxTransactions: positiveInteger,
    maxActionsPerTransaction: positiveInteger,
    heartbeatOutgoing: nonNegativeInteger,
    heartbeatIncoming: nonNegativeInteger,
    heartbeatGraceFactor: { type: 'number', minimum: 1 },
    rpcTimeout: nonNegativeInteger,
  },
} as const;

/** Fills in the defaults. */
export function resolveOptions(options: StompOptions = {}): ResolvedStompOptions {
  return {
    maxFrameSize: options.maxFrameSize,
    maxConnectFrameSize: options.maxConnectFrameSize ?? 65536,
    maxHeaders: options.maxHeaders ?? 100,
    maxHeaderLength: options.maxHeaderLength ?? 8192,
    maxSubscriptions: options.maxSubscriptions ?? 1000,
    maxTransactions: options.maxTransactions ?? 16,
    maxActionsPerTransaction: options.maxActionsPerTransaction ?? 1024,
    heartbeatOutgoing: options.heartbeatOutgoing ?? 1000,
    heartbeatIncoming: options.heartbeatIncoming ?? 1000,
    heartbeatGraceFactor: options.heartbeatGraceFactor ?? 2,
    rpcTimeout: options.rpcTimeout ?? 30000,
  };
}
