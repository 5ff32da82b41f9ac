/**
 * Junction's public surface (`junction`): an explicit export list over the rooms of src/. Protocol
 * plugins import `junction/plugin` (src/plugin/index.ts) instead; the built-in protocols are the
 * entry points `junction/protocols/*`.
 */
export {
  type AuthOptions,
  createStaticAuthenticator,
  DEFAULT_JWT_ROLE,
  hashSecret,
  type JwtOptions,
  type StaticToken,
  type StaticUser,
} from './auth/index.js';
export {
  createBusEngine,
  createRedisEngine,
  MemoryBus,
  type RedisEngineOptions,
} from './cluster/index.js';
export { createLogger, type LogFormat, type Logger, type LogLevel } from './common/index.js';
export {
  type Contract,
  type ContractDefinition,
  ContractError,
  ContractErrorUri,
  type ContractOptions,
  type JsonSchema,
} from './contracts/index.js';
export {
  AuthenticationError,
  EngineError,
  type ErrorCode,
  type ErrorRendering,
  errorCodes,
  JunctionError,
  type RouterErrorSpec,
  routerErrorFor,
  routerErrors,
} from './errors/index.js';
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
} from './plugin/index.js';
export * from './router/index.js';
export {
  type AdminOptions,
  CallResult,
  createJunction,
  defaultLimits,
  type Junction,
  type JunctionOptions,
  type Limits,
  type LocalApi,
  type MetricsEndpoint,
  type MetricsOptions,
  type NegotiationResult,
  negotiate,
  type ProcedureDetails,
  type ProcedureHandler,
  type RegisterHandlerOptions,
  type Selection,
  supportedTokens,
} from './server/index.js';
