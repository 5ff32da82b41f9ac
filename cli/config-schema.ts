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
    uncappedAddresses: { type: 'array', items: { type: 'string', minLength: 1 }, maxItems: 1000 },
    messagesPerSecond: { type: 'integer', minimum: 1 },
    bytesPerSecond: { type: 'integer', minimum: 1024 },
    rateLimitGrace: { type: 'integer', minimum: 100 },
    authFailuresPerMinute: { type: 'integer', minimum: 0 },
    authFailureDelay: { type: 'integer', minimum: 0 },
    authorizeTimeout: { type: 'integer', minimum: 1 },
    shutdownGrace: positiveInteger,
    shutdownDelay: positiveInteger,
    maxDepth: { type: 'integer', minimum: 1 },
    maxQueueLength: { type: 'integer', minimum: 1 },
    maxSubscriptionsPerSession: { type: 'integer', minimum: 1 },
    maxRegistrationsPerSession: { type: 'integer', minimum: 1 },
    maxPendingCallsPerSession: { type: 'integer', minimum: 1 },
    maxRealms: positiveInteger,
    maxQueuesPerRealm: { type: 'integer', minimum: 1 },
    maxQueuedBytes: { type: 'integer', minimum: 1 },
    queueMessageTtl: positiveInteger,
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
/** issue 11: `auth.permissions`, docs/security.md. */
const permissionsSchema = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['role', 'uri', 'allow'],
    properties: {
      role: { type: 'string', minLength: 1 },
      realm: { type: 'string', minLength: 1 },
      uri: { type: 'string' },
      match: { enum: ['exact', 'prefix', 'wildcard'] },
      allow: { type: 'array', uniqueItems: true, items: { enum: ['publish', 'subscribe', 'call', 'register'] } },
    },
  },
} as const;

const usersSchema = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['authid', 'secret'],
    properties: { authid: { type: 'string' }, secret: { type: 'string' }, authrole: { type: 'string' } },
  },
} as const;

const stringOrList = {
  anyOf: [
    { type: 'string', minLength: 1 },
    { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
  ],
} as const;

/** JWT verification (`auth.jwt`, docs/jwt.md): exactly one key source, then the claims checked and read. */
const jwtSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    secret: { type: 'string', minLength: 32 },
    publicKeyFile: { type: 'string', minLength: 1 },
    jwksFile: { type: 'string', minLength: 1 },
    issuer: stringOrList,
    audience: stringOrList,
    authidClaim: { type: 'string', minLength: 1 },
    authroleClaim: { type: 'string', minLength: 1 },
  },
  oneOf: [{ required: ['secret'] }, { required: ['publicKeyFile'] }, { required: ['jwksFile'] }],
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
        jwt: jwtSchema,
        users: usersSchema,
        tokens: tokensSchema,
        permissions: permissionsSchema,
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
