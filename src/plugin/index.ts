/**
 * The plugin API (`junction/plugin`): the one module that protocol plugins import, the built-in
 * STOMP, WAMP and JSON-RPC modules as much as a third party's. Everything a protocol needs is
 * here: the plugin and session contracts, the router vocabulary a session acts through (a
 * realm-scoped SessionHandle, never the router or its engine), the error classes and the one
 * error table (protocols render router errors from `routerErrorFor`, not from a mapping of their
 * own), the payload model every protocol maps to and from (src/payload/: one-value rule, binary
 * values in JSON, content types) and the few helpers every protocol shares. Nothing else in src/
 * is part of the contract.
 *
 * Room `plugin`: owns the plugin and session contracts (types.ts). May import the router's
 * vocabulary, `payload`, `common` and `errors`; never the server, the cluster or protocols/.
 */

export { createSequence } from '../common/ids.js';
export type { Logger } from '../common/logger.js';
export { RepeatedLines, type RepeatLevel } from '../common/repeated-lines.js';
export { createAjv, formatSchemaErrors } from '../common/schema.js';
export {
  AuthenticationError,
  type ErrorCode,
  errorCodes,
  formatMessage,
  JunctionError,
  routerErrorFor,
  routerErrors,
} from '../errors/index.js';
export {
  base64ToBytes,
  bytesToBase64,
  charsetOf,
  fromEnvelope,
  fromOneValue,
  hasKeys,
  isJsonType,
  isRecord,
  isTextType,
  jsonListTail,
  jsonNestsDeeper,
  mapValues,
  type OneValueOptions,
  oncePerMessage,
  type Payload,
  PayloadDepthError,
  payloadShape,
  reviveBinary,
  stringifyWithBinary,
  tellsMore,
  toOneValue,
  withCharset,
} from '../payload/index.js';
export { type AccessRequest, type Authorizer, REPLY_PATH_PREFIX } from '../router/access/policy.js';
export type { PermissionRule } from '../router/access/rules.js';
export { AuthorizationPending } from '../router/access/session-access.js';
export { isReservedTopic } from '../router/patterns/topic-pattern.js';
export {
  type Action,
  type CalleeHandler,
  type CallOptions,
  type CallPayload,
  type CallReply,
  type CancelMode,
  type ConsumeOptions,
  type DeliveryHandler,
  type EncodedPayload,
  type EnqueueInput,
  ErrorUri,
  type InterruptHandler,
  type Invocation,
  InvocationAborted,
  type InvokePolicy,
  type MatchPolicy,
  type PendingCall,
  type PublishInput,
  type PublishOptions,
  type PublishResult,
  type QueueConsumer,
  type QueueDelivery,
  type QueueDeliveryHandler,
  type QueueSnapshot,
  type RealmView,
  type RegisterOptions,
  type Registration,
  type RegistrationEvent,
  type RegistrationSnapshot,
  type RoutedMessage,
  RouterError,
  type SessionFilter,
  type SessionHandle,
  type SessionInfo,
  type SubscribeOptions,
  type Subscription,
  type SubscriptionEvent,
  type SubscriptionSnapshot,
} from '../router/types.js';
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
  type SessionEventListener,
  type SessionTransport,
} from './types.js';
