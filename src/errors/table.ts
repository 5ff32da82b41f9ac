/**
 * The one error table of the broker (fastify's pattern) and its classes: the `JNC_ERR_*` codes
 * with the HTTP status or close code each implies (ws's pairing), and the router's error URIs
 * with their rendering in every built-in protocol. Split by concern: core-codes.ts,
 * router-codes.ts, codes.ts (both, by code), spec.ts (entry shapes), the classes beside them.
 */
export { type ErrorCode, errorCodes } from './codes.js';
export { coreCodes } from './core-codes.js';
export {
  AuthenticationError,
  EngineError,
  formatMessage,
  JunctionError,
  type MessageArgs,
} from './junction-error.js';
export {
  applicationError,
  ErrorUri,
  isRouterErrorUri,
  type RouterErrorCode,
  routerErrorFor,
  routerErrors,
} from './router-codes.js';
export { type ErrorPayload, InvocationAborted, RouterError } from './router-error.js';
export type {
  CoreErrorSpec,
  ErrorRendering,
  RenderedErrorSpec,
  RouterErrorSpec,
  StompRendering,
} from './spec.js';
