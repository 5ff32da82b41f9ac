/**
 * One WAMP session on one connection: decodes, enforces the session lifecycle (WAMP SE, BB
 * L263-292), and dispatches established-session messages to one handler per message type.
 */

import {
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
  readonly registrations = new Map<number, Registration>();
  readonly calls = new Map<number, PendingCall>();
  readonly invocations = new Map<number, Invocation>();
  readonly nextInvocationId = createSequence();
  readonly serializer: Serializer;
  readonly options: ResolvedWampOptions;
  readonly events: EventEncoder;
  readonly log: Logger;
  readonly meta: MetaApi | undefined;
  /** Events the router publishes when this session leaves (`wamp.session.add_testament`). */
  readonly testaments: Testaments;
  readonly #connection: Connection;
  readonly #context: SessionContext;
  readonly #handshake: Handshake;
  #state: State = 'hello';
  #router: SessionHandle | undefined;
  #features: ClientFeatures = { calleeCancels: false, calleeProgress: false };

  constructor(deps: WampSessionDeps) {
    this.#connection = deps.connection;
    this.#context = deps.context;
    this.serializer = deps.serializer;
    this.options = deps.options;
    this.events = deps.events;
    this.log = deps.context.log;
    this.meta = deps.meta;
    this.testaments = new Testaments(deps.context.limits.maxPayload, deps.options.strictUris);
    this.#handshake = new Handshake(deps.context, deps.options);
  }

  get sessionId(): number {
    return this.#context.sessionId;
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

  get closed(): boolean {
    return this.#state === 'closed' || this.#state === 'closing';
  }

  async onMessage(data: MessageData): Promise<void> {
    if (this.#state === 'closed') return;
    const decoded = this.serializer.decode(data);
    if (!decoded.ok) return this.protocolViolation(`undecodable message: ${decoded.reason}`, 1007);
    const parsed = parseMessage(decoded.value);
    if (!parsed.ok) return this.protocolViolation(parsed.reason);
    await this.#onMessage(parsed.message);
  }

  onClose(): void {
    this.#state = 'closed';
    this.meta?.detach(this);
    // The core releases the router handle right after: subscriptions, registrations, calls.
    this.invocations.clear();
    this.calls.clear();
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

  async #onMessage(message: WampMessage): Promise<void> {
    switch (this.#state) {
      case 'hello':
        if (message.type === 'HELLO') return this.#handshakeStep(() => this.#handshake.hello(message));
        break;
      case 'challenged':
        if (message.type === 'AUTHENTICATE') return this.#handshakeStep(() => this.#handshake.authenticate(message));
        break;
      case 'open':
        return this.#onEstablished(message);
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

  #onEstablished(message: WampMessage): void {
    if (message.type === 'GOODBYE') {
      this.send({ type: 'GOODBYE', details: {}, reason: WampUri.GOODBYE_AND_OUT });
      this.#finish(1000, 'goodbye');
    } else if (message.type === 'ABORT') {
      this.#finish(1000, 'aborted by client');
    } else if (ROUTER_ONLY.has(message.type) || message.type === 'AUTHENTICATE') {
      this.protocolViolation(`${message.type} is not allowed in an established session`);
    } else {
      dispatch(this, message);
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
    this.meta?.detach(this);
    this.#router?.release();
    this.subscriptions.clear();
    this.subscriptionKeys.clear();
    this.registrations.clear();
    this.invocations.clear();
    this.calls.clear();
    this.#connection.close(code, reason.slice(0, 120));
  }
}
