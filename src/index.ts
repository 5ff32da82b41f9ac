/** Junction's public surface: an explicit export list (the core; protocols are separate entry points). */
export {
  type AuthOptions,
  createStaticAuthenticator,
  hashSecret,
  type StaticToken,
  type StaticUser,
} from './auth.js';
export {
  createBusEngine,
  createMemoryEngine,
  createRedisEngine,
  type Engine,
  type EngineStats,
  MemoryBus,
  type RedisEngineOptions,
} from './cluster/index.js';
export {
  type Contract,
  type ContractDefinition,
  ContractError,
  ContractErrorUri,
  type ContractOptions,
  type JsonSchema,
} from './contracts.js';
export { AuthenticationError, type ErrorCode, errorCodes, JunctionError } from './errors.js';
export {
  CallResult,
  type LocalApi,
  type ProcedureDetails,
  type ProcedureHandler,
  type RegisterHandlerOptions,
} from './local-api.js';
export { createLogger, type Logger, type LogLevel } from './logger.js';
export { type NegotiationResult, negotiate, type Selection, supportedTokens } from './negotiation.js';
export { defaultLimits, type JunctionOptions, type Limits } from './options.js';
export {
  type Authenticator,
  type AuthRequest,
  type Connection,
  defineProtocol,
  type HandshakeInfo,
  type Identity,
  type MessageData,
  type PluginContext,
  type ProtocolLimits,
  type ProtocolPlugin,
  type SendOptions,
  type Session,
  type SessionAcceptor,
  type SessionContext,
  type SessionTransport,
} from './plugin.js';
export { createRouter, type JunctionRouter, type JunctionRouterOptions, type RouterEvents } from './router/index.js';
export * from './router/types.js';
export { createJunction, type Junction } from './server.js';
