/**
 * The broker's own transport: a ws WebSocket as a SessionTransport. ws creates the broker's
 * sockets as `BrokerSocket`s (WebSocketServer's `WebSocket` option), each pointing at its
 * transport, so one set of socket listeners serves every connection and an idle connection holds
 * no closure of this module (issue 13: idle memory).
 */
import { type RawData, WebSocket } from 'ws';
import type { MessageData, SessionTransport } from '../plugin/types.js';
import type { TransportSink } from './transport-sink.js';
import { type ConnectionOptions, WebSocketConnection } from './ws-connection.js';

/** A ws WebSocket that knows the transport its events go to. */
export class BrokerSocket extends WebSocket {
  transport: WebSocketTransport | undefined = undefined;
}

/** What all the transports of one gate report to: socket errors, slow consumers, the close. */
export interface TransportReports {
  socketError(err: Error, transport: WebSocketTransport): void;
  slowConsumer(transport: WebSocketTransport): void;
  /** The socket closed (the heartbeat forgets it). */
  socketClosed(socket: BrokerSocket): void;
}

export interface WebSocketTransportOptions {
  readonly protocol: string | null;
  readonly remoteAddress: string;
  readonly maxBufferedBytes: number;
  /** The plugin the connection was negotiated for, named in its logs. */
  readonly plugin: string;
  /** Text messages go to the session as their bytes (`ProtocolPlugin.textAsBytes`). */
  readonly textAsBytes?: boolean;
  readonly reports: TransportReports;
}

function toBytes(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

// ws calls its listeners with the socket as `this`: a BrokerSocket (registered on nothing else).
function onSocketMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
  (this as BrokerSocket).transport?.receivedFrame(data, isBinary);
}

// ws emits 'close' once per socket: `on` spares the wrapper `once` would make.
function onSocketClose(this: WebSocket, code: number, reason: Buffer): void {
  (this as BrokerSocket).transport?.closed(code, reason.toString());
}

function onSocketError(this: WebSocket, err: Error): void {
  (this as BrokerSocket).transport?.failed(err);
}

type MessageListener = (data: MessageData) => void;
type CloseListener = (code: number, reason: string) => void;

/**
 * A class, not an object of closures: its methods are shared by every connection. It is also the
 * options of its WebSocketConnection, whose slow consumer it reports.
 */
export class WebSocketTransport implements SessionTransport, ConnectionOptions {
  readonly connection: WebSocketConnection;
  readonly protocol: string | null;
  readonly remoteAddress: string;
  readonly maxBufferedBytes: number;
  readonly plugin: string;
  readonly #textAsBytes: boolean;
  readonly #socket: BrokerSocket;
  readonly #reports: TransportReports;
  #sink: TransportSink | undefined;
  /** Listeners registered through the SessionTransport API (first-message detection, plugins' hosts). */
  #messageListeners: MessageListener[] | undefined;
  #closeListeners: CloseListener[] | undefined;

  constructor(socket: BrokerSocket, options: WebSocketTransportOptions) {
    this.protocol = options.protocol;
    this.remoteAddress = options.remoteAddress;
    this.maxBufferedBytes = options.maxBufferedBytes;
    this.plugin = options.plugin;
    this.#textAsBytes = options.textAsBytes === true;
    this.#reports = options.reports;
    this.#socket = socket;
    this.connection = new WebSocketConnection(socket, this);
    socket.transport = this;
    socket.on('message', onSocketMessage);
    socket.on('close', onSocketClose);
    socket.on('error', onSocketError);
  }

  /** Bytes queued for the peer, for the slow consumer line. */
  get bufferedAmount(): number {
    return this.#socket.bufferedAmount;
  }

  /** The session host hears messages and the close through its own methods (transport-sink.ts). */
  attachSink(sink: TransportSink): void {
    this.#sink = sink;
  }

  // A first listener gets an array of its own size (a pushed one would reserve 17 slots).
  onMessage(listener: MessageListener): void {
    if (this.#messageListeners === undefined) this.#messageListeners = [listener];
    else this.#messageListeners.push(listener);
  }

  onClose(listener: CloseListener): void {
    if (this.#closeListeners === undefined) this.#closeListeners = [listener];
    else this.#closeListeners.push(listener);
  }

  /** ConnectionOptions: the peer stopped reading, the connection is being closed for it. */
  onSlowConsumer(): void {
    this.#reports.slowConsumer(this);
  }

  /**
   * Binary messages arrive as bytes; text ones as strings (the plugin API's MessageData), or as
   * the bytes ws checked are UTF-8 for a plugin that parses bytes: no decode here and encode there.
   */
  receivedFrame(data: RawData, isBinary: boolean): void {
    const bytes = toBytes(data);
    this.received(isBinary || this.#textAsBytes ? bytes : bytes.toString('utf8'));
  }

  received(data: MessageData): void {
    this.#sink?.message(data);
    const listeners = this.#messageListeners;
    if (listeners !== undefined) for (const listener of listeners) listener(data);
  }

  closed(code: number, reason: string): void {
    this.#reports.socketClosed(this.#socket);
    this.#sink?.closed(code, reason);
    const listeners = this.#closeListeners;
    if (listeners !== undefined) for (const listener of listeners) listener(code, reason);
  }

  failed(err: Error): void {
    this.#reports.socketError(err, this);
  }

  terminate(): void {
    this.connection.terminate();
  }

  // ws stops reading its socket; messages it already parsed still arrive (the core holds them).
  pause(): void {
    this.#socket.pause();
  }

  resume(): void {
    this.#socket.resume();
  }
}
