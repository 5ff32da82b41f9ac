/** Options of the WAMP plugin, their JSON Schema (validated with ajv at registration) and defaults. */

/** Authentication methods a client may use (WAMP Advanced Profile, authentication). */
export type AuthMethod = 'anonymous' | 'ticket' | 'wampcra';

/** One WAMP-CRA user: the plugin holds the secret because CRA signs a challenge with it. */
export interface WampCraUser {
  readonly secret: string;
  readonly authrole?: string;
  /** With a salt, the key is PBKDF2(secret, salt, iterations, keylen) as autobahn derives it. */
  readonly salt?: string;
  readonly iterations?: number;
  readonly keylen?: number;
}

export interface WampOptions {
  /** Subscriptions one session may hold. Default 1000. */
  readonly maxSubscriptions?: number;
  /** Registrations one session may hold. Default 1000. */
  readonly maxRegistrations?: number;
  /** Calls one session may have pending as a caller. Default 1000. */
  readonly maxPendingCalls?: number;
  /** Strict URI rules `^([0-9a-z_]+\.)*([0-9a-z_]+)$` instead of loose ones. Default false. */
  readonly strictUris?: boolean;
  /** Methods accepted, in server preference. Default ['anonymous', 'ticket', 'wampcra']. */
  readonly authMethods?: readonly AuthMethod[];
  /** WAMP-CRA users by authid; without any, wampcra is refused. */
  readonly wampcraUsers?: Readonly<Record<string, WampCraUser>>;
  /** Roles allowed to call `wamp.session.kill`. Default ['admin']. */
  readonly adminRoles?: readonly string[];
}

export type ResolvedWampOptions = Required<Omit<WampOptions, 'wampcraUsers'>> & Pick<WampOptions, 'wampcraUsers'>;

const positiveInteger = { type: 'integer', minimum: 1 } as const;

/** JSON Schema for WampOptions. */
export const wampOptionsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    maxSubscriptions: positiveInteger,
    maxRegistrations: positiveInteger,
    maxPendingCalls: positiveInteger,
    strictUris: { type: 'boolean' },
    authMethods: {
      type: 'array',
      items: { enum: ['anonymous', 'ticket', 'wampcra'] },
      uniqueItems: true,
    },
    wampcraUsers: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['secret'],
        properties: {
          secret: { type: 'string' },
          authrole: { type: 'string' },
          salt: { type: 'string' },
          iterations: positiveInteger,
          keylen: positiveInteger,
        },
      },
    },
    adminRoles: { type: 'array', items: { type: 'string' } },
  },
} as const;

/** Fills in the defaults. */
export function resolveOptions(options: WampOptions = {}): ResolvedWampOptions {
  return {
    maxSubscriptions: options.maxSubscriptions ?? 1000,
    maxRegistrations: options.maxRegistrations ?? 1000,
    maxPendingCalls: options.maxPendingCalls ?? 1000,
    strictUris: options.strictUris ?? false,
    authMethods: options.authMethods ?? ['anonymous', 'ticket', 'wampcra'],
    wampcraUsers: options.wampcraUsers,
    adminRoles: options.adminRoles ?? ['admin'],
  };
}
