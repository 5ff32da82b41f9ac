/**
 * The sessions a broker hosts, on its WebSockets and on transports plugins bring (STOMP over
 * TCP): hosting each one, counting what operators watch, the connection cap, and the drain on
 * shutdown (protocol goodbyes, then terminate whoever is left after the grace period).
 */
import { randomId } from '../common/ids.js';
import type { HandshakeInfo, ProtocolPlugin, SessionTransport } from '../plugin/types.js';
import { SessionCounters } from './session-counters.js';
import { type HostedSession, hostSession, type SessionEvent, type SessionHostDeps } from './session-host.js';

export class SessionRegistry {
  /** Counters of events operators watch: slow consumers cut off, sessions crashed, login timeouts. */
  readonly stats: Record<SessionEvent, number> = { slow_consumer: 0, session_crashed: 0, login_timeout: 0 };
  /** Sessions and inbound messages per protocol, closes per code, failed logins (for metrics). */
  readonly counters: SessionCounters;
  readonly #sessions = new Set<HostedSession>();
  readonly #deps: SessionHostDeps;

  constructor(deps: Omit<SessionHostDeps, 'onEvent'>, counters = new SessionCounters()) {
    this.counters = counters;
    this.#deps = { ...deps, onEvent: (event) => void this.stats[event]++ };
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
  host(transport: SessionTransport, plugin: ProtocolPlugin, token: string | null, handshake: HandshakeInfo): void {
    const id = randomId();
    const log = this.#deps.log.child({ protocol: plugin.name, session: id });
    const counters = this.counters.of(plugin.name);
    counters.open++;
    counters.opened++;
    const hosted = hostSession(transport, { id, plugin, token, handshake, log, counters }, this.#deps);
    this.#sessions.add(hosted);
    transport.onClose((code) => {
      this.#sessions.delete(hosted);
      counters.open--;
      this.counters.closed(code);
    });
  }

  /** Says goodbye to every session, waits up to `graceMs` for them to close, then cuts the rest. */
  async drain(graceMs: number): Promise<void> {
    for (const session of this.#sessions) session.shutdown();
    const deadline = Date.now() + graceMs;
    while (this.#sessions.size > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    for (const session of this.#sessions) session.transport.terminate();
  }
}
