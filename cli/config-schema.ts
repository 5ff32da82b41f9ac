/** JSON Schema of the config file (`--config junction.json`), validated with ajv. */
const positiveInteger = { type: 'integer', minimum: 0 } as const;

export const limitsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    maxPayload: { type: 'integer', minimum: 1024 },
    maxBufferedBytes: { type: 'integer', minimum: 1024 },
    handshakeTimeout: { type: 'integer', minimum: 100 },
    pingInterval: positiveInteger,
    maxMissedPongs: { type: 'integer', minimum: 1 },
    maxConnections: { type: 'integer', minimum: 1 },
    maxConnectionsPerAddress: { type: 'integer', minimum: 1 },
    messagesPerSecond: { type: 'integer', minimum: 1 },
    bytesPerSecond: { type: 'integer', minimum: 1024 },
    rateLimitGrace: { type: 'integer', minimum: 100 },
    authFailuresPerMinute: { type: 'integer', minimum: 0 },
    authFailureDelay: { type: 'integer', minimum: 0 },
    shutdownGrace: positiveInteger,
    shutdownDelay: positiveInteger,
    maxQueueLength: { type: 'integer', minimum: 1 },
    maxSubscriptionsPerSession: { type: 'integer', minimum: 1 },
    maxRegistrationsPerSession: { type: 'integer', minimum: 1 },
    maxPendingCallsPerSession: { type: 'integer', minimum: 1 },
  },
} as const;

/** A JSON Schema inside the config (checked against the meta-schema separately). */
const jsonSchema = { type: ['object', 'boolean'] } as const;

/**
 * One contract (docs/contracts.md): `topic` + `publish`, or `procedure` + `params`/`result`;
 * which keys go together is checked in code, with a message naming the contract.
 */
export const contractSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    topic: { type: 'string', minLength: 1 },
    procedure: { type: 'string', minLength: 1 },
    match: { enum: ['exact', 'prefix', 'wildcard'] },
    realm: { type: 'string', minLength: 1 },
    publish: jsonSchema,
    params: jsonSchema,
    result: jsonSchema,
  },
} as const;

/** Static users (`auth.users`, `admin.users`): scrypt-hashed or plain secrets. */
const usersSchema = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['authid', 'secret'],
    properties: { authid: { type: 'string' }, secret: { type: 'string' }, authrole: { type: 'string' } },
  },
} as const;

/** Static bearer tokens (`auth.tokens`, `admin.tokens`): a SHA-256 digest or the token itself. */
const tokensSchema = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['authid'],
    properties: {
      authid: { type: 'string' },
      authrole: { type: 'string' },
      sha256: { type: 'string', pattern: '^[0-9a-fA-F]{64}$' },
      token: { type: 'string', minLength: 16 },
    },
  },
} as const;

/** Operators of the admin API (docs/admin.md): users as in `auth.users`, tokens as in `auth.tokens`. */
export const adminSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    users: usersSchema,
    tokens: tokensSchema,
  },
} as const;

export const configSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    port: { type: 'integer', minimum: 0, maximum: 65535 },
    host: { type: 'string', minLength: 1 },
    realm: { type: 'string', minLength: 1 },
    realms: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
    logLevel: { enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] },
    logFormat: { enum: ['json', 'pretty'] },
    metrics: {
      type: 'object',
      additionalProperties: false,
      properties: {
        port: { type: 'integer', minimum: 0, maximum: 65535 },
        token: { type: 'string', minLength: 16 },
      },
    },
    staticDir: { type: 'string' },
    redis: { type: 'string', pattern: '^rediss?://' },
    nodeId: { type: 'string', minLength: 1, pattern: '^[^\\s]+$' },
    stompTcp: { type: 'integer', minimum: 0, maximum: 65535 },
    allowedOrigins: { type: 'array', items: { type: 'string' } },
    limits: limitsSchema,
    contracts: { type: 'array', items: contractSchema },
    plugins: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['module'],
        properties: { module: { type: 'string', minLength: 1 }, options: { type: 'object' } },
      },
    },
    auth: {
      type: 'object',
      additionalProperties: false,
      properties: {
        allowAnonymous: { type: 'boolean' },
        users: usersSchema,
        tokens: tokensSchema,
      },
    },
    admin: adminSchema,
    adminRoles: { type: 'array', items: { type: 'string', minLength: 1 } },
    protocols: {
      type: 'object',
      additionalProperties: false,
      properties: {
        stomp: { type: 'object' },
        wamp: { type: 'object' },
        jsonrpc: { type: 'object' },
      },
    },
  },
} as const;
