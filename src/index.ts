/** Junction's public surface: an explicit export list (the core; protocols are separate entry points). */
export {
  type AuthOptions,
  createStaticAuthenticator,
  hashSecret,
  type StaticToken,
  type StaticUser,
} from './auth.js';
export { AuthenticationError, type ErrorCode, errorCodes, JunctionError } from './errors.js';
export { CallResult, type LocalApi, type ProcedureDetails, type ProcedureHandler } from './local-api.js';
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
  type Session,
  type SessionContext,
} from './plugin.js';
export * from './router/types.js';
export { createJunction, type Junction } from './server.js';
