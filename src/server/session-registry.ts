/**
 * The sessions a broker hosts, on its WebSockets and on transports plugins bring (STOMP over
 * TCP): hosting each one, counting what operators watch, the connection cap, and the drain on
 * shutdown (protocol goodbyes, then terminate whoever is left after the grace period).
 */
import { randomId } from '../common/ids.js';
import { LazyChildLogger } from '../common/lazy-logger.js';
import type { HandshakeInfo, ProtocolPlugin, SessionTransport } from '../plugin/types.js';
import { AddressCounts } from './admission.js';
import { detectPlugin, holdUntilFirstMessage } from './first-message.js';
import { type ProtocolSessions, SessionCounters } from './session-counters.js';
import { type HostedSession, hostSession, type SessionEvent, type SessionHostDeps } from './session-host.js';

/**
 * A connection waiting for its first message, as the registry tracks it meanwhile. Its detection
 * timer is dropped once settled, so the hosted session that follows holds no spent timer.
 */
class PendingConnection implements HostedSession {
  readonly id: number;
  readonly transport: SessionTransport;
  timer: ReturnType<typeof setTimeout> | undefined;
  /** Handed to a hosted session, which from then on gives its address count back when it closes. */
  hosted = false;

  constructor(id: number, transport: SessionTransport) {
    this.id = id;
    this.transport = transport;
  }

  shutdown(): void {
    this.transport.connection.close(1001, 'server shutdown');
  }

  kill(): void {
    this.transport.connection.close(1008, 'killed');
  }

  /** Hosted or closed: the detection timer is no longer needed. */
  settle(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

export class SessionRegistry {
  /** Counters of events operators watch: slow consumers cut off, sessions crashed, login timeouts. */
  readonly stats: Record<SessionEvent, number> = {
    slow_consumer: 0,
    session_crashed: 0,
    login_timeout: 0,
    auth_failure: 0,
    auth_throttled: 0,
    rate_limited: 0,
  };
  /** Sessions and inbound messages per protocol, closes per code, failed logins (for metrics). */
  readonly counters: SessionCounters;
  /** By session id; a connection held for its first message is here under the id it will get. */
  readonly #sessions = new Map<number, HostedSession>();
  /** Open connections per remote address, for `maxConnectionsPerAddress` (admission.ts). */
  readonly addresses = new AddressCounts();
  readonly #deps: SessionHostDeps;

  constructor(deps: Omit<SessionHostDeps, 'onEvent'>, counters = new SessionCounters()) {
    this.counters = counters;
    this.#deps = {
      ...deps,
      onEvent: (event) => void this.stats[event]++,
      onClosed: (hosted, code, counters, remoteAddress) => this.#closed(hosted, code, counters, remoteAddress),
    };
  }

  get size(): number {
    return this.#sessions.size;
  }

  /** Whether one more connection would pass `maxConnections`. */
  get full(): boolean {
    return this.#sessions.size >= this.#deps.limits.maxConnections;
  }

  /** Counts an event the transport saw before the session did (a WebSocket slow consumer). */
  count(event: SessionEvent): void {
    this.stats[event]++;
  }

  /** Hosts a session on `transport` and tracks it until the transport closes. */
  host(
    transport: SessionTransport,
    plugin: ProtocolPlugin,
    token: string | null,
    handshake: HandshakeInfo,
    held?: { readonly id: number; readonly loginTimeout: number },
  ): HostedSession {
    const id = held?.id ?? randomId();
    // Made on the session's first written line (lazy-logger.ts).
    const log = new LazyChildLogger(this.#deps.log, { protocol: plugin.name, session: id });
    const counters = this.counters.of(plugin.name);
    counters.open++;
    counters.opened++;
    const options = { id, plugin, token, handshake, log, counters, ...(held && { loginTimeout: held.loginTimeout }) };
    const hosted = hostSession(transport, options, this.#deps);
    this.#sessions.set(hosted.id, hosted);
    // A held connection was counted when it was first seen (hostByFirstMessage).
    if (held === undefined) this.addresses.add(handshake.remoteAddress);
    return hosted;
  }

  /** A hosted session closed (its host calls this once, after releasing it). */
  #closed(hosted: HostedSession, code: number, counters: ProtocolSessions | undefined, remoteAddress: string): void {
    this.#forget(hosted);
    if (counters !== undefined) counters.open--;
    this.counters.closed(code);
    this.addresses.remove(remoteAddress);
  }

  /**
   * Holds a connection that negotiated no token until its first message, then hosts it on the
   * plugin that message belongs to (first-message.ts). The wait counts against the login timeout:
   * a client that says nothing is closed as one that never logs in.
   */
  hostByFirstMessage(
    transport: SessionTransport,
    plugins: readonly ProtocolPlugin[],
    fallback: ProtocolPlugin,
    handshake: HandshakeInfo,
  ): void {
    const pending = new PendingConnection(randomId(), transport);
    const { id } = pending;
    const deadline = Date.now() + this.#deps.limits.handshakeTimeout;
    this.#sessions.set(id, pending);
    this.addresses.add(handshake.remoteAddress);
    const hold = holdUntilFirstMessage(transport, (first, held) => {
      pending.settle();
      pending.hosted = true;
      this.#forget(pending);
      const plugin = detectPlugin(first, plugins, fallback, this.#deps.log);
      this.host(held.transport, plugin, null, handshake, { id, loginTimeout: Math.max(1, deadline - Date.now()) });
      held.deliver(first);
    });
    // A client that says nothing within the handshake timeout is what it was before detection
    // existed: a fallback (JSON-RPC) session, which may just listen; it has its own login timeout.
    pending.timer = setTimeout(() => {
      pending.settle();
      pending.hosted = true;
      hold.release();
      this.#forget(pending);
      this.host(hold.transport, fallback, null, handshake, { id, loginTimeout: this.#deps.limits.handshakeTimeout });
    }, this.#deps.limits.handshakeTimeout);
    pending.timer.unref();
    transport.onClose(() => {
      pending.settle();
      this.#forget(pending);
      if (!pending.hosted) this.addresses.remove(handshake.remoteAddress);
    });
  }

  /**
   * Ends one session of this node in its protocol's words (admin kill); false when no session
   * with that id is hosted here (it may live on another node).
   */
  kill(id: number, reason: string): boolean {
    const hosted = this.#sessions.get(id);
    if (hosted === undefined) return false;
    hosted.kill(reason);
    return true;
  }

  /** Forgets `entry` unless its id already belongs to the session that replaced it. */
  #forget(entry: HostedSession): void {
    if (this.#sessions.get(entry.id) === entry) this.#sessions.delete(entry.id);
  }

  /** Says goodbye to every session, waits up to `graceMs` for them to close, then cuts the rest. */
  async drain(graceMs: number): Promise<void> {
    for (const session of this.#sessions.values()) session.shutdown();
    const deadline = Date.now() + graceMs;
    while (this.#sessions.size > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    for (const session of this.#sessions.values()) session.transport.terminate();
  }
}
