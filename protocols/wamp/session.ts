/**
 * One WAMP session on one connection: decodes, enforces the session lifecycle (WAMP SE, BB
 * L263-292), and dispatches established-session messages to one handler per message type.
 */

import {
  AuthorizationPending,
  type CallPayload,
  type Connection,
  createSequence,
  type Invocation,
  type Logger,
  type MessageData,
  type PendingCall,
  type Registration,
  RouterError,
  type SendOptions,
  type Session,
  type SessionContext,
  type SessionHandle,
  type Subscription,
} from '../../src/plugin/index.js';
import type { EventEncoder } from './event-encoder.js';
import { type ClientFeatures, ROUTER_ROLES } from './features.js';
import { settleCall } from './handlers/call.js';
import { dispatch } from './handlers/index.js';
import { Handshake, type HandshakeOutcome } from './handshake.js';
import { parseMessage, toWire, type WampMessage } from './messages.js';
import type { MetaApi } from './meta.js';
import type { ResolvedWampOptions } from './options.js';
import type { Peer } from './peer.js';
import type { Serializer } from './serializers/index.js';
import { Testaments } from './testaments.js';
import { WampUri } from './uris.js';

type State = 'hello' | 'challenged' | 'authenticating' | 'open' | 'closing' | 'closed';

/** Messages only a router sends: a client sending one after the opening breaks the protocol. */
const ROUTER_ONLY = new Set([
  'WELCOME',
  'CHALLENGE',
  'HELLO',
  'PUBLISHED',
  'SUBSCRIBED',
  'UNSUBSCRIBED',
  'EVENT',
  'RESULT',
  'REGISTERED',
  'UNREGISTERED',
  'INVOCATION',
  'INTERRUPT',
]);

/** A message held while an earlier one waits for its authorization, with its size on the wire. */
interface Held {
  readonly message: WampMessage;
  readonly size: number;
}

function byteLength(data: MessageData): number {
  return typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
}

export interface WampSessionDeps {
  readonly connection: Connection;
  readonly context: SessionContext;
  readonly serializer: Serializer;
  readonly options: ResolvedWampOptions;
  readonly events: EventEncoder;
  readonly meta: MetaApi | undefined;
}

export class WampSession implements Session, Peer {
  readonly subscriptions = new Map<number, Subscription>();
  readonly subscriptionKeys = new Map<string, number>();
  // Made on first use (issue 13: idle memory): a subscriber never registers, calls or is invoked.
  #registrations: Map<number, Registration> | undefined;
  #calls: Map<number, PendingCall> | undefined;
  #invocations: Map<number, Invocation> | undefined;
  readonly nextInvocationId = createSequence();
  readonly serializer: Serializer;
  readonly options: ResolvedWampOptions;
  readonly events: EventEncoder;
  readonly log: Logger;
  readonly meta: MetaApi | undefined;
  #testaments: Testaments | undefined;
  readonly #connection: Connection;
  readonly #context: SessionContext;
  readonly #handshake: Handshake;
  #state: State = 'hello';
  #router: SessionHandle | undefined;
  /**
   * Messages that arrived while an earlier one waits for the `authorize` hook's decision
   * (AuthorizationPending); undefined when nothing waits. They are handled after it, in arrival
   * order: a client's SUBSCRIBE is in place before its next PUBLISH, as without a hook. Holding the
   * whole session (not only the waiting message) is the simple rule that keeps every order WAMP
   * relies on; the hook is asked once per URI and session, so holds are short and rare. Their
   * bytes are bounded by `limits.maxPayload` (as STOMP bounds its paused frames): a client that
   * sends more meanwhile is aborted with `junction.error.limit_exceeded`.
   */
  #held: Held[] | undefined;
  #heldBytes = 0;
  #features: ClientFeatures = { calleeCancels: false, calleeProgress: false };

  constructor(deps: WampSessionDeps) {
    this.#connection = deps.connection;
    this.#context = deps.context;
    this.serializer = deps.serializer;
    this.options = deps.options;
    this.events = deps.events;
    this.log = deps.context.log;
    this.meta = deps.meta;
    this.#handshake = new Handshake(deps.context, deps.options);
  }

  get sessionId(): number {
    return this.#context.sessionId;
  }

  /** Events the router publishes when this session leaves (`wamp.session.add_testament`); made on first use. */
  get testaments(): Testaments {
    this.#testaments ??= new Testaments(this.#context.limits.maxPayload, this.options.strictUris);
    return this.#testaments;
  }

  get registrations(): Map<number, Registration> {
    this.#registrations ??= new Map();
    return this.#registrations;
  }

  get calls(): Map<number, PendingCall> {
    this.#calls ??= new Map();
    return this.#calls;
  }

  get invocations(): Map<number, Invocation> {
    this.#invocations ??= new Map();
    return this.#invocations;
  }

  get router(): SessionHandle {
    if (this.#router === undefined) throw new Error('WAMP session is not established');
    return this.#router;
  }

  get realm(): string {
    return this.#router?.realm ?? '';
  }

  get features(): ClientFeatures {
    return this.#features;
  }

  callSettled(call: PendingCall, outcome: CallPayload | RouterError): void {
    settleCall(this, call, outcome);
  }

  answeredInvocation(): void {
    this.#context.refundMessages?.(1);
  }

  get closed(): boolean {
    return this.#state === 'closed' || this.#state === 'closing';
  }

  /** Synchronous in an open session (no promise per message); a promise only for a handshake step. */
  onMessage(data: MessageData): void | Promise<void> {
    if (this.#state === 'closed') return;
    const decoded = this.serializer.decode(data, this.#context.limits.maxDepth);
    if (!decoded.ok) return this.#undecodable(decoded);
    const parsed = parseMessage(decoded.value, typeof data === 'string' ? data : undefined);
    if (!parsed.ok) return this.protocolViolation(parsed.reason);
    const size = this.#held === undefined ? 0 : byteLength(data);
    if (size > 0 && this.#heldBytes + size > this.#context.limits.maxPayload) {
      return this.#abort(WampUri.LIMIT_EXCEEDED, 'too much data while authorization is pending', 1008);
    }
    return this.#onMessage(parsed.message, size);
  }

  /**
   * ABORT `wamp.error.protocol_violation` (WAMP BP "Protocol errors"): close 1007 for bytes that
   * are not the serializer's, 1009 (too big to process) for a message over `limits.maxDepth`.
   */
  #undecodable(decoded: { readonly reason: string; readonly tooDeep?: true }): void {
    if (decoded.tooDeep) this.protocolViolation(decoded.reason, 1009);
    else this.protocolViolation(`undecodable message: ${decoded.reason}`, 1007);
  }

  onClose(): void {
    this.#state = 'closed';
    this.#held = undefined;
    this.#heldBytes = 0;
    this.meta?.detach(this);
    // The core releases the router handle right after: subscriptions, registrations, calls.
    this.#invocations?.clear();
    this.#calls?.clear();
  }

  onShutdown(): void {
    if (this.#state !== 'open') return;
    this.send({ type: 'GOODBYE', details: { message: 'router is shutting down' }, reason: WampUri.SYSTEM_SHUTDOWN });
    this.#state = 'closing';
  }

  send(message: WampMessage): void {
    this.#connection.send(this.serializer.encode(toWire(message)));
  }

  sendData(data: MessageData, options?: SendOptions): void {
    this.#connection.send(data, options);
  }

  sendError(requestType: number, request: number, uri: string, payload: CallPayload = {}): void {
    this.send({ type: 'ERROR', requestType, request, details: {}, error: uri, ...payload });
  }

  protocolViolation(reason: string, closeCode = 1002): void {
    this.#abort(WampUri.PROTOCOL_VIOLATION, reason, closeCode);
  }

  /**
   * An operator ended the session (the broker's admin API): GOODBYE `wamp.close.killed`, or ABORT
   * before the session opened; the core closes with 1008 right after.
   */
  onKill(reason: string): void {
    if (this.#state === 'open') {
      this.send({ type: 'GOODBYE', details: { message: reason }, reason: WampUri.KILLED });
      this.#state = 'closing';
    } else if (this.#state === 'hello' || this.#state === 'challenged') {
      this.send({ type: 'ABORT', details: { message: reason }, reason: WampUri.KILLED });
      this.#state = 'closed';
    }
  }

  /**
   * The token the session authenticated with expired (the core arms that timer when the session
   * joins, at WELCOME): GOODBYE `junction.close.token_expired`; the core closes with 1008 after.
   */
  onExpire(): void {
    if (this.#state !== 'open') return;
    this.send({ type: 'GOODBYE', details: { message: 'token expired' }, reason: WampUri.TOKEN_EXPIRED });
    this.#state = 'closing';
  }

  /** The broker closes the session for its inbound rate: GOODBYE (ABORT before it opened); the core closes with 1008. */
  onLimit(reason: string): void {
    if (this.#state === 'open') {
      this.send({ type: 'GOODBYE', details: { message: reason }, reason: WampUri.RATE_LIMITED });
      this.#state = 'closing';
    } else if (this.#state === 'hello' || this.#state === 'challenged') {
      this.send({ type: 'ABORT', details: { message: reason }, reason: WampUri.RATE_LIMITED });
      this.#state = 'closed';
    }
  }

  /** Ends the session from the router side (meta API kill): GOODBYE with `wamp.close.killed`. */
  kill(reason: string = WampUri.KILLED, message = 'killed'): void {
    if (this.#state !== 'open') return;
    this.send({ type: 'GOODBYE', details: { message }, reason });
    this.#finish(1000, 'killed');
  }

  /** `size`: the message's bytes when it arrived while another waits for its authorization, else 0. */
  #onMessage(message: WampMessage, size: number): void | Promise<void> {
    switch (this.#state) {
      case 'hello':
        if (message.type === 'HELLO') return this.#handshakeStep(() => this.#handshake.hello(message));
        break;
      case 'challenged':
        if (message.type === 'AUTHENTICATE') return this.#handshakeStep(() => this.#handshake.authenticate(message));
        break;
      case 'open':
        return this.#onEstablished(message, size);
      case 'closing':
        // Waiting for the client's GOODBYE after ours; everything else is dropped.
        if (message.type === 'GOODBYE') this.#finish(1000, 'goodbye');
        return;
      default:
        break;
    }
    // The client aborting its own opening is not a violation.
    if (message.type === 'ABORT') return this.#finish(1000, 'aborted by client');
    this.protocolViolation(`${message.type} is not allowed before the session is established`);
  }

  #onEstablished(message: WampMessage, size: number): void {
    if (message.type === 'GOODBYE') {
      this.send({ type: 'GOODBYE', details: {}, reason: WampUri.GOODBYE_AND_OUT });
      this.#finish(1000, 'goodbye');
    } else if (message.type === 'ABORT') {
      this.#finish(1000, 'aborted by client');
    } else if (ROUTER_ONLY.has(message.type) || message.type === 'AUTHENTICATE') {
      this.protocolViolation(`${message.type} is not allowed in an established session`);
    } else if (this.#held !== undefined) {
      this.#held.push({ message, size });
      this.#heldBytes += size;
    } else {
      this.#dispatch(message);
    }
  }

  /** Handles one message, or holds the session when its authorization is pending. */
  #dispatch(message: WampMessage): void {
    try {
      dispatch(this, message);
    } catch (error) {
      if (!(error instanceof AuthorizationPending)) throw error;
      this.#held = [];
      // Allowed or refused, the message is handled again: the decision is cached by then.
      const resume = () => this.#resume(message);
      error.decided.then(resume, resume);
    }
  }

  /** The decision came: the waiting message, then those held behind it, until one waits again. */
  #resume(message: WampMessage): void {
    const queue: Held[] = [{ message, size: 0 }, ...(this.#held ?? [])];
    this.#held = undefined;
    try {
      for (let i = 0; i < queue.length; i++) {
        if (this.#state !== 'open') return;
        const next = queue[i] as Held;
        this.#heldBytes -= next.size;
        this.#dispatch(next.message);
        const waiting = this.#held as Held[] | undefined;
        if (waiting !== undefined) {
          waiting.push(...queue.slice(i + 1));
          return;
        }
      }
    } catch (error) {
      // What the transport guard does for a message handled at once: log the bug, end the session.
      this.log.error({ err: error }, 'WAMP message handling failed');
      this.#finish(1011, 'internal error');
    }
  }

  async #handshakeStep(step: () => Promise<HandshakeOutcome>): Promise<void> {
    this.#state = 'authenticating';
    const outcome = await step();
    if (this.#state !== 'authenticating') return; // closed while authenticating
    if (outcome.kind === 'challenge') {
      this.#state = 'challenged';
      this.send(outcome.message);
    } else if (outcome.kind === 'abort') {
      this.#abort(outcome.reason, outcome.message, 1000);
    } else if (outcome.kind === 'violation') {
      this.protocolViolation(outcome.message);
    } else {
      this.#welcome(outcome);
    }
  }

  #welcome(outcome: Extract<HandshakeOutcome, { kind: 'welcome' }>): void {
    try {
      this.#router = this.#context.join(outcome.realm, outcome.identity);
    } catch (error) {
      if (!(error instanceof RouterError)) throw error;
      this.#abort(error.uri, error.message, 1000);
      return;
    }
    this.#features = outcome.features;
    this.#state = 'open';
    this.meta?.attach(this);
    const { authid, authrole } = outcome.identity;
    this.send({
      type: 'WELCOME',
      session: this.sessionId,
      details: {
        realm: outcome.realm,
        authid,
        authrole,
        authmethod: outcome.authmethod,
        authprovider: 'junction',
        roles: ROUTER_ROLES,
      },
    });
  }

  #abort(reason: string, message: string, closeCode: number): void {
    if (this.#state === 'closed') return;
    this.send({ type: 'ABORT', details: { message }, reason });
    this.#finish(closeCode, reason);
  }

  /** Releases everything at once and drops the transport; further input is ignored. */
  #finish(code: number, reason: string): void {
    this.#state = 'closed';
    this.#held = undefined;
    this.#heldBytes = 0;
    this.meta?.detach(this);
    this.#router?.release();
    this.subscriptions.clear();
    this.subscriptionKeys.clear();
    this.#registrations?.clear();
    this.#invocations?.clear();
    this.#calls?.clear();
    this.#connection.close(code, reason.slice(0, 120));
  }
}
