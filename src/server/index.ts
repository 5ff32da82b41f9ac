/**
 * Room `server`: the broker process around the router. `createJunction` wires the HTTP server,
 * the handshake (origin, limits, negotiation, token authentication), the protocol plugins, the
 * sessions they host, the in-process API and the admin API and page. It decides nothing about routing and formats no
 * protocol message. May import every room except `cluster` (engines are handed in) and never
 * protocols/.
 */
export type { AdminOptions } from './admin-auth.js';
export { createJunction, type Junction } from './junction.js';
export {
  CallResult,
  type LocalApi,
  type ProcedureDetails,
  type ProcedureHandler,
  type RegisterHandlerOptions,
} from './local-api.js';
export type { MetricsEndpoint } from './metrics-endpoint.js';
export { type NegotiationResult, negotiate, type Selection, supportedTokens } from './negotiation.js';
export { defaultLimits, type JunctionOptions, type Limits, type MetricsOptions } from './options.js';
