/**
 * One STOMP conversation: feeds bytes to the parser, runs CONNECT (nothing else is accepted before
 * it), dispatches every later frame to its handler, sends RECEIPTs once a frame took effect, keeps
 * heart-beats, and turns every protocol error into ERROR followed by closing the connection.
 */
import {
  AuthorizationPending,
  type Connection,
  type Logger,
  type MessageData,
  type RoutedMessage,
  type Session,
  type SessionContext,
  type SessionHandle,
} from '../../src/plugin/index.js';
import type { StompContext } from './context.js';
import { CloseCode, errorFrame, limitError, StompError, toStompError } from './errors.js';
import { Command, type Frame, type HeaderList, header, type StompVersion } from './frame.js';
import { connect } from './handlers/connect.js';
import { handlers } from './handlers/index.js';
import { type HeartbeatIntervals, startHeartbeat } from './heartbeat.js';
import type { DeliveryHeaders, MessageEncoder } from './message-frame.js';
import type { ResolvedStompOptions } from './options.js';
import { FrameParser } from './parser.js';
import { serializeFrame } from './serializer.js';
import { SubscriptionTable } from './subscriptions.js';
import { TempQueueTable } from './temp-queues.js';
import type { WireSubscriptionId } from './topic-frames.js';
import { isDeferred, TransactionTable } from './transactions.js';

/** What every session of one plugin instance shares. */
export interface SessionDeps {
  readonly options: ResolvedStompOptions;
  readonly encodeMessage: MessageEncoder;
  /** CONNECTED `server` header: `junction/<version>`. */
  readonly server: string;
}

/** AUTHORIZING: connected, with the frame pump paused while the `authorize` hook decides (issue 11). */
const Phase = { AWAITING_CONNECT: 0, CONNECTING: 1, CONNECTED: 2, AUTHORIZING: 3, CLOSED: 4 } as const;
type Phase = (typeof Phase)[keyof typeof Phase];

const encoder = new TextEncoder();
const EOL = '\n';
/** Frames handled per event-loop turn: one connection's burst must not starve the others. */
const FRAMES_PER_TURN = 64;
/** Send options made once: a fan-out writes a frame per receiver (issue 13). */
const TEXT = { binary: false } as const;
const BINARY = { binary: true } as const;

export class StompSession implements Session, StompContext {
  readonly options: ResolvedStompOptions;
  readonly subscriptions: SubscriptionTable;
  // Made on first use (issue 13: idle memory): a subscriber never sends or names a temp queue.
  #transactions: TransactionTable | undefined;
  #tempQueues: TempQueueTable | undefined;
  readonly log: Logger;
  readonly #connection: Connection;
  readonly #context: SessionContext;
  readonly #deps: SessionDeps;
  readonly #parser: FrameParser;
  readonly #maxFrameSize: number;
  #phase: Phase = Phase.AWAITING_CONNECT;
  /** Escaping of ERROR frames before a version is agreed: none, as in 1.0. */
  #version: StompVersion = '1.0';
  #router: SessionHandle | undefined;
  /** Kept only while heart-beats run (#clocked): a session without them reads no clock per frame (issue 13). */
  #lastSent = 0;
  #lastReceived = 0;
  #clocked = false;
  #stopHeartbeat: (() => void) | undefined;
  #disconnecting = false;
  /** Waiting for the inbound budget or the next turn (#pump): frames stay in the parser. */
  #deferred = false;

  constructor(connection: Connection, context: SessionContext, deps: SessionDeps) {
    this.#connection = connection;
    this.#context = context;
    this.#deps = deps;
    this.options = deps.options;
    this.log = context.log;
    this.#maxFrameSize = deps.options.maxFrameSize ?? context.limits.maxPayload;
    this.#parser = new FrameParser({
      maxFrameSize: deps.options.maxConnectFrameSize,
      maxHeaders: deps.options.maxHeaders,
      maxHeaderLength: deps.options.maxHeaderLength,
    });
    this.subscriptions = new SubscriptionTable(deps.options.maxSubscriptions);
  }

  get transactions(): TransactionTable {
    const { maxTransactions, maxActionsPerTransaction } = this.options;
    this.#transactions ??= new TransactionTable(maxTransactions, maxActionsPerTransaction);
    return this.#transactions;
  }

  get tempQueues(): TempQueueTable {
    this.#tempQueues ??= new TempQueueTable(this, this.options.maxSubscriptions);
    return this.#tempQueues;
  }

  get version(): StompVersion {
    return this.#version;
  }

  get maxDepth(): number {
    return this.#context.limits.maxDepth;
  }

  get sessionId(): number {
    return this.#context.sessionId;
  }

  get router(): SessionHandle {
    if (this.#router === undefined) throw new Error('STOMP session used before CONNECT');
    return this.#router;
  }

  get isActive(): boolean {
    return this.#phase !== Phase.CLOSED;
  }

  onMessage(data: MessageData): void {
    if (this.#phase === Phase.CLOSED) return;
    if (this.#clocked) this.#lastReceived = Date.now();
    // Text frames arrive as bytes (the plugin's textAsBytes) but on a connection held for `detect`.
    // Buffer.from, not TextEncoder: a small string is encoded into Node's shared pool, where
    // TextEncoder makes an ArrayBuffer per text frame (issue 13, many-to-many).
    this.#parser.push(typeof data === 'string' ? Buffer.from(data) : data);
    // Bytes pile up unparsed while CONNECT is being authenticated or a frame authorized: bound them too.
    if (this.#phase !== Phase.CONNECTED && this.#parser.pendingBytes > this.#maxFrameSize) {
      const what = this.#phase === Phase.AUTHORIZING ? 'while authorization is pending' : 'before CONNECTED';
      this.fail(limitError('maxFrameSize', this.#maxFrameSize, `too much data ${what}`));
      return;
    }
    if (!this.#deferred) this.#pump();
  }

  onClose(): void {
    this.#end();
  }

  onShutdown(): void {
    if (this.#phase === Phase.CLOSED) return;
    this.#sendError(new StompError('Server shutting down'), undefined);
    this.#end();
  }

  /** An operator ended the session: an ERROR frame saying so; the core closes with 1008. */
  onKill(reason: string): void {
    if (this.#phase === Phase.CLOSED) return;
    this.#sendError(new StompError(`Session killed: ${reason}`), undefined);
    this.#end();
  }

  /** The login's token expired: an ERROR frame `token expired`; the core closes with 1008. */
  onExpire(): void {
    if (this.#phase === Phase.CLOSED) return;
    this.#sendError(new StompError('token expired'), undefined);
    this.#end();
  }

  /** The broker closes the session for a limit (the inbound rate): an ERROR saying which; the core closes with 1008. */
  onLimit(reason: string): void {
    if (this.#phase === Phase.CLOSED) return;
    this.#sendError(new StompError(reason), undefined);
    this.#end();
  }

  /**
   * Parses and handles frames until the parser needs more bytes or the session pauses; each frame
   * counts against the inbound rate, and a burst is handled in slices of FRAMES_PER_TURN.
   */
  #pump(): void {
    this.#deferred = false;
    // Frames held back by the rate limit still show the peer is alive (heart-beats, STOMP 1.2).
    if (this.#clocked) this.#lastReceived = Date.now();
    let slice = 0;
    while (this.#phase === Phase.AWAITING_CONNECT || this.#phase === Phase.CONNECTED) {
      if (slice === FRAMES_PER_TURN && this.#defer()) return;
      const event = this.#parser.next();
      if (event === undefined) return;
      slice = this.#context.countMessages?.(1) === false ? FRAMES_PER_TURN : slice + 1;
      if (event.error) {
        const { message, limit } = event.error;
        this.fail(new StompError(message, limit ? { limit, closeCode: closeCodeFor(limit) } : {}));
        return;
      }
      if (this.#phase === Phase.AWAITING_CONNECT) this.#startConnect(event.frame);
      else this.#dispatch(event.frame);
    }
  }

  /** Continues on a later turn, once the inbound budget allows (false: the host cannot defer). */
  #defer(): boolean {
    if (this.#context.deferInput === undefined) return false;
    this.#deferred = true;
    this.#context.deferInput(() => this.#pump());
    return true;
  }

  #startConnect(frame: Frame): void {
    if (frame.command !== Command.CONNECT && frame.command !== Command.STOMP) {
      this.fail(new StompError(`Expected a CONNECT or STOMP frame, got ${frame.command}`));
      return;
    }
    this.#phase = Phase.CONNECTING;
    connect(frame, this.#context, this.options).then(
      (outcome) => {
        if (this.#phase !== Phase.CONNECTING) return;
        this.#router = outcome.router;
        this.#version = outcome.version;
        this.#parser.version = outcome.version;
        this.#parser.limits = { ...this.#parser.limits, maxFrameSize: this.#maxFrameSize };
        this.#phase = Phase.CONNECTED;
        this.#sendConnected(outcome.version, outcome.identity.authid);
        this.#startHeartbeat(outcome.heartbeat);
        this.#pump();
      },
      (err: unknown) => this.fail(err instanceof Error ? err : new Error(String(err))),
    );
  }

  /** Timers only when a direction is on: a client that asked for `0,0` costs none (issue 13). */
  #startHeartbeat(intervals: HeartbeatIntervals): void {
    if (intervals.outgoing === 0 && intervals.incoming === 0) return;
    this.#clocked = true;
    this.#lastSent = Date.now();
    this.#lastReceived = this.#lastSent;
    this.#stopHeartbeat = startHeartbeat(intervals, this.options.heartbeatGraceFactor, {
      sinceSent: () => Date.now() - this.#lastSent,
      sinceReceived: () => Date.now() - this.#lastReceived,
      beat: () => this.#write(EOL),
      dead: () => this.fail(new StompError('Heart-beat timeout', { closeCode: CloseCode.POLICY })),
    });
  }

  #sendConnected(version: StompVersion, authid: string): void {
    const headers: [string, string][] = [
      ['version', version],
      ['session', String(this.sessionId)],
      ['server', this.#deps.server],
      ['user-name', authid],
    ];
    if (version !== '1.0')
      headers.push(['heart-beat', `${this.options.heartbeatOutgoing},${this.options.heartbeatIncoming}`]);
    this.sendFrame(Command.CONNECTED, headers);
  }

  #dispatch(frame: Frame): void {
    const receipt = header(frame, 'receipt');
    try {
      const handler = handlers[frame.command];
      if (handler === undefined) throw unknownCommand(frame.command);
      // STOMP 1.2: only SEND, MESSAGE and ERROR frames may have a body.
      if (frame.body.length > 0 && frame.command !== Command.SEND) {
        throw new StompError(`${frame.command} frames must not have a body`);
      }
      handler(this, frame);
      // STOMP 1.2: the RECEIPT goes out once the frame took effect; a transactional frame takes
      // effect at COMMIT (or is discarded at ABORT), which sends its RECEIPT then.
      if (receipt !== undefined && !isDeferred(frame)) this.sendFrame(Command.RECEIPT, [['receipt-id', receipt]]);
      if (this.#disconnecting) this.#close(CloseCode.NORMAL, 'disconnect');
    } catch (err) {
      if (err instanceof AuthorizationPending) this.#awaitDecision(err.decided, frame, receipt);
      else this.#fail(err instanceof Error ? err : new Error(String(err)), receipt);
    }
  }

  /**
   * issue 11: the `authorize` hook answers with a promise. Handlers ask before they change
   * anything, so the frame runs again once decided (the decision is cached then); later frames wait
   * in the parser meanwhile, so their order holds. A refusal is the ERROR of that frame.
   */
  #awaitDecision(decided: Promise<void>, frame: Frame, receipt: string | undefined): void {
    this.#phase = Phase.AUTHORIZING;
    decided.then(
      () => {
        if (this.#phase !== Phase.AUTHORIZING) return;
        this.#phase = Phase.CONNECTED;
        this.#dispatch(frame);
        this.#pump();
      },
      (err: unknown) => this.#fail(err instanceof Error ? err : new Error(String(err)), receipt),
    );
  }

  sendFrame(command: string, headers: HeaderList, body: string | Uint8Array = new Uint8Array(0)): void {
    const bytes = typeof body === 'string' ? encoder.encode(body) : body;
    this.#write(serializeFrame({ command, headers, body: bytes }, this.#version));
  }

  deliver(message: RoutedMessage, delivery: DeliveryHeaders): void {
    if (!this.#joined) return;
    const frame = this.#deps.encodeMessage.frame(message, this.#version, delivery, this.#context.log);
    if (frame !== undefined) this.#write(frame.data, frame.binary);
  }

  deliverTopic(message: RoutedMessage, subscription: WireSubscriptionId): void {
    if (!this.#joined) return;
    const frame = this.#deps.encodeMessage.topicFrame(message, this.#version, subscription, this.#context.log);
    if (frame === undefined) return;
    // The shared frame and this receiver's id, written in a row: no copy of the frame per receiver.
    if (this.#connection.sendParts === undefined) this.#write(frame.data, frame.binary);
    else {
      if (this.#clocked) this.#lastSent = Date.now();
      this.#connection.sendParts(frame.parts, frame.binary ? BINARY : TEXT);
    }
  }

  /** Messages flow while a frame waits for its authorization: only the frame pump pauses. */
  get #joined(): boolean {
    return this.#phase === Phase.CONNECTED || this.#phase === Phase.AUTHORIZING;
  }

  disconnect(): void {
    this.#disconnecting = true;
  }

  fail(error: Error): void {
    this.#fail(error, undefined);
  }

  #fail(error: Error, receipt: string | undefined): void {
    if (this.#phase === Phase.CLOSED) return;
    const stompError = toStompError(error);
    if (stompError === undefined) {
      this.log.error({ err: error }, 'STOMP session failed');
      this.#sendError(new StompError('Internal server error'), receipt);
      this.#close(1011, 'internal error');
      return;
    }
    this.log.debug({ err: error.message }, 'STOMP protocol error');
    this.#sendError(stompError, receipt);
    this.#close(stompError.closeCode, stompError.message);
  }

  #sendError(error: StompError, receipt: string | undefined): void {
    this.#write(errorFrame(error, receipt, this.#version));
  }

  #write(data: MessageData, binary = typeof data !== 'string'): void {
    if (this.#clocked) this.#lastSent = Date.now();
    this.#connection.send(data, binary ? BINARY : TEXT);
  }

  /** Ends the session, then closes: ws sends queued frames (ERROR, RECEIPT) before the close frame. */
  #close(code: number, reason: string): void {
    this.#end();
    this.#connection.close(code, reason);
  }

  #end(): void {
    this.#phase = Phase.CLOSED;
    this.#stopHeartbeat?.();
    this.#stopHeartbeat = undefined;
    this.#transactions?.clear();
  }
}

function unknownCommand(command: string): StompError {
  if (command === Command.CONNECT || command === Command.STOMP) return new StompError('Already connected');
  return new StompError(`Unknown command ${command}`);
}

function closeCodeFor(limit: string): number {
  return limit === 'maxFrameSize' ? CloseCode.TOO_BIG : CloseCode.POLICY;
}
