/**
 * Room `errors`: the one error table of the broker and its error classes, with each error's HTTP
 * status or close code and each router error's rendering in every built-in protocol. Imports no
 * other room of src/: every room may use it.
 */
export {
  AuthenticationError,
  applicationError,
  type CoreErrorSpec,
  coreCodes,
  EngineError,
  type ErrorCode,
  type ErrorPayload,
  type ErrorRendering,
  ErrorUri,
  errorCodes,
  formatMessage,
  InvocationAborted,
  isRouterErrorUri,
  JunctionError,
  type MessageArgs,
  type RenderedErrorSpec,
  RouterError,
  type RouterErrorCode,
  type RouterErrorSpec,
  routerErrorFor,
  routerErrors,
  type StompRendering,
} from './table.js';
