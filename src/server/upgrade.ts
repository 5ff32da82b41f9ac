/**
 * The WebSocket side of the port: takes an HTTP upgrade through the handshake checks
 * (handshake.ts), completes it with ws echoing the negotiated token, watches the socket's
 * liveness, and hands the connection to the session registry (held until its first message when
 * it offered no token and some plugin can recognise its protocol from that message).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Logger } from '../common/logger.js';
import { JunctionError } from '../errors/table.js';
import type { Authenticator, ProtocolPlugin } from '../plugin/types.js';
import { detectsFirstMessage } from './first-message.js';
import { type AcceptedHandshake, abortHandshake, checkHandshake } from './handshake.js';
import { createHeartbeat, type Heartbeat } from './heartbeat.js';
import type { Selection } from './negotiation.js';
import type { Limits } from './options.js';
import type { SessionRegistry } from './session-registry.js';
import { BrokerSocket, type TransportReports, WebSocketTransport } from './ws-transport.js';

export interface UpgradeOptions {
  readonly plugins: readonly ProtocolPlugin[];
  readonly authenticate: Authenticator;
  readonly allowedOrigins: readonly string[] | undefined;
  readonly limits: Limits;
  readonly log: Logger;
  readonly sessions: SessionRegistry;
  /** Why this request's connection is refused right now (starting, draining, full), or undefined. */
  refusal(req: IncomingMessage): string | undefined;
  /** The upgrade was hosted or refused: its socket no longer counts as a pending request (admission.ts). */
  settle?(socket: Duplex): void;
}

export class WebSocketGate implements TransportReports {
  readonly #options: UpgradeOptions;
  readonly #selections = new WeakMap<IncomingMessage, Selection>();
  readonly #wss: WebSocketServer;
  readonly #heartbeat: Heartbeat;
  /** One listener for every socket still in its HTTP upgrade; removed once ws owns the socket. */
  readonly #onUpgradeError = (err: Error): void => this.#options.log.debug({ err }, 'upgrade socket error');

  constructor(options: UpgradeOptions) {
    this.#options = options;
    const { limits } = options;
    this.#wss = new WebSocketServer({
      noServer: true,
      WebSocket: BrokerSocket,
      maxPayload: limits.maxPayload,
      perMessageDeflate: false,
      // Negotiation already chose; ws only echoes our choice (or nothing, for the fallback).
      handleProtocols: (_offered, req) => this.#selections.get(req)?.token ?? false,
    });
    this.#heartbeat = createHeartbeat({ interval: limits.pingInterval, maxMissed: limits.maxMissedPongs });
  }

  /** The HTTP server's 'upgrade' listener: never throws, a failure answers 500. */
  readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    this.#upgrade(req, socket, head)
      .catch((err: unknown) => {
        this.#options.log.error({ err }, 'upgrade failed');
        abortHandshake(socket, 500, 'internal error');
      })
      .finally(() => this.#options.settle?.(socket));
  };

  close(): void {
    this.#heartbeat.stop();
    this.#wss.close();
  }

  async #upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const { log } = this.#options;
    socket.on('error', this.#onUpgradeError);
    const outcome = await checkHandshake(req, this.#options);
    if (outcome instanceof JunctionError) {
      log.info({ code: outcome.code, remote: req.socket.remoteAddress }, outcome.message);
      return abortHandshake(socket, outcome.httpStatus ?? 400, outcome.message);
    }
    if (socket.destroyed) return;
    this.#selections.set(req, outcome.selection);
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      // ws listens for the socket's errors from here on (and reports them on the WebSocket).
      socket.removeListener('error', this.#onUpgradeError);
      // The server makes BrokerSockets (its `WebSocket` option); ws's types do not carry that.
      this.#accept(ws as BrokerSocket, outcome);
    });
  }

  #accept(ws: BrokerSocket, { selection, info }: AcceptedHandshake): void {
    const { limits, sessions } = this.#options;
    this.#heartbeat.watch(ws);
    const { plugin, token } = selection;
    // No token offered: the first message may still say which protocol this is (first-message.ts).
    const detecting = token === null && detectsFirstMessage(this.#options.plugins, plugin);
    const transport = new WebSocketTransport(ws, {
      protocol: token,
      remoteAddress: info.remoteAddress,
      maxBufferedBytes: limits.maxBufferedBytes,
      plugin: plugin.name,
      // `detect` and the session it picks get strings: the plugin is not known yet.
      textAsBytes: !detecting && plugin.textAsBytes === true,
      reports: this,
    });
    if (detecting) {
      sessions.hostByFirstMessage(transport, this.#options.plugins, plugin, info);
    } else {
      sessions.host(transport, plugin, token, info);
    }
  }

  // ---- TransportReports: what every WebSocket transport reports, through this one object ----

  socketError(err: Error, transport: WebSocketTransport): void {
    this.#options.log.debug({ err, protocol: transport.plugin }, 'socket error');
  }

  socketClosed(socket: BrokerSocket): void {
    this.#heartbeat.forget(socket);
  }

  slowConsumer(transport: WebSocketTransport): void {
    this.#options.log.warn(
      { code: 'JNC_ERR_SLOW_CONSUMER', buffered: transport.bufferedAmount, remote: transport.remoteAddress },
      'closing slow consumer',
    );
    this.#options.sessions.count('slow_consumer');
  }
}
