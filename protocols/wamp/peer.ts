/** What message handlers see of an established WAMP session. */

import type {
  CallPayload,
  CallReply,
  Invocation,
  Logger,
  MessageData,
  PendingCall,
  Registration,
  SendOptions,
  SessionHandle,
  Subscription,
} from '../../src/plugin/index.js';
import type { EventEncoder } from './event-encoder.js';
import type { ClientFeatures } from './features.js';
import type { WampMessage } from './messages.js';
import type { MetaApi } from './meta.js';
import type { ResolvedWampOptions } from './options.js';
import type { Serializer } from './serializers/index.js';

/** The session receives the outcomes of its calls (`callSettled`, handlers/call.ts). */
export interface Peer extends CallReply {
  readonly sessionId: number;
  readonly router: SessionHandle;
  readonly options: ResolvedWampOptions;
  readonly serializer: Serializer;
  readonly events: EventEncoder;
  readonly features: ClientFeatures;
  readonly log: Logger;
  /** The meta API, once the plugin was set up with the broker's router. */
  readonly meta: MetaApi | undefined;
  /** Subscription id → this session's handle. */
  readonly subscriptions: Map<number, Subscription>;
  /** `${match} ${topic}` → subscription id, so a repeated SUBSCRIBE returns the same id. */
  readonly subscriptionKeys: Map<string, number>;
  /** Registration id → this session's handle. */
  readonly registrations: Map<number, Registration>;
  /** CALL request id → the pending call (caller side). */
  readonly calls: Map<number, PendingCall>;
  /** INVOCATION request id → the invocation (callee side), until the callee's final answer. */
  readonly invocations: Map<number, Invocation>;
  /** Next INVOCATION request id: sequential per callee session (WAMP BB L100). */
  nextInvocationId(): number;
  send(message: WampMessage): void;
  /** Sends already encoded data (an EVENT shared by many receivers). */
  sendData(data: MessageData, options?: SendOptions): void;
  /** `[ERROR, requestType, request, {}, uri, …]`. */
  sendError(requestType: number, request: number, uri: string, payload?: CallPayload): void;
  /** ABORT with `wamp.error.protocol_violation`, release everything, drop the transport (WAMP BB L263-292). */
  protocolViolation(reason: string): void;
  /** The message being handled answered an INVOCATION: it does not count toward the rate limit. */
  answeredInvocation(): void;
  /** The session is over (GOODBYE, violation, transport closed). */
  readonly closed: boolean;
}
