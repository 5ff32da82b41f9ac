/**
 * What the server counts about sessions for operators: open sessions, sessions ever opened and
 * inbound messages per protocol, closes per close code, failed logins per protocol. Plain
 * integers kept where the events already happen (the session registry and host); the metrics
 * exporter reads them at scrape time, so a message costs one increment.
 */

/** The counters of one protocol (plugin name). */
export interface ProtocolSessions {
  /** Sessions open now. */
  open: number;
  /** Sessions opened since the broker started. */
  opened: number;
  /** WebSocket messages (or stream chunks, on plugin transports) received from clients. */
  received: number;
}

/** The close codes of RFC 6455 and its registry that get their own label; others are grouped. */
const NAMED_CLOSE_CODES: ReadonlySet<number> = new Set([
  1000, 1001, 1002, 1003, 1005, 1006, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 1015,
]);

/**
 * The label of a close code. A client chooses the code of a close it starts, so application codes
 * (3000-4999) and anything else are grouped: the label set stays small whatever clients send.
 */
export function closeCodeLabel(code: number): string {
  if (NAMED_CLOSE_CODES.has(code)) return String(code);
  if (code >= 3000 && code <= 3999) return '3xxx';
  if (code >= 4000 && code <= 4999) return '4xxx';
  return 'other';
}

export class SessionCounters {
  readonly #protocols = new Map<string, ProtocolSessions>();
  readonly #closes = new Map<string, number>();
  readonly #authFailures = new Map<string, number>();

  /** The counters of `protocol`, created on first use; hosts keep the object and increment it. */
  of(protocol: string): ProtocolSessions {
    let counters = this.#protocols.get(protocol);
    if (counters === undefined) {
      counters = { open: 0, opened: 0, received: 0 };
      this.#protocols.set(protocol, counters);
    }
    return counters;
  }

  protocols(): IterableIterator<[string, ProtocolSessions]> {
    return this.#protocols.entries();
  }

  /** Counts a session's transport closing with `code`. */
  closed(code: number): void {
    const label = closeCodeLabel(code);
    this.#closes.set(label, (this.#closes.get(label) ?? 0) + 1);
  }

  /** Closes by close code label. */
  closes(): IterableIterator<[string, number]> {
    return this.#closes.entries();
  }

  /** Counts a failed login of a `protocol` client. */
  authFailed(protocol: string): void {
    this.#authFailures.set(protocol, (this.#authFailures.get(protocol) ?? 0) + 1);
  }

  /** Failed logins by protocol. */
  authFailures(): IterableIterator<[string, number]> {
    return this.#authFailures.entries();
  }
}
