/**
 * Turns a stream of engine failures and readiness checks into a few report lines: an outage is
 * reported once with its reason, then as a count at most every `summaryInterval` while it lasts,
 * then once more when readiness returns, with its duration. A Redis outage fails every publish
 * and heartbeat; one line per failure (or one stack a second) would bury everything else.
 */
import type { EngineStatus } from '../router/ports.js';

/** Failures while down are summed into one line at most this often (ms). */
export const OUTAGE_SUMMARY_INTERVAL = 30_000;

export class OutageReporter {
  readonly #report: (status: EngineStatus) => void;
  readonly #summaryInterval: number;
  /** When the outage began; undefined while the engine serves. */
  #since: number | undefined;
  /** Failures not reported yet, and all failures of this outage after its first. */
  #unreported = 0;
  #failures = 0;
  #lastSummary = 0;

  constructor(report: (status: EngineStatus) => void, summaryInterval = OUTAGE_SUMMARY_INTERVAL) {
    this.#report = report;
    this.#summaryInterval = summaryInterval;
  }

  /** Whether an outage is under way. */
  get down(): boolean {
    return this.#since !== undefined;
  }

  /** An operation failed: the first failure starts an outage, later ones are counted. */
  failed(reason: string): void {
    if (this.#since === undefined) {
      this.#begin(reason);
      return;
    }
    this.#unreported++;
    this.#failures++;
    this.#summarize();
  }

  /** Called periodically with the engine's readiness: starts an outage, summarizes it, or ends it. */
  check(notReadyReason: string | undefined): void {
    if (notReadyReason !== undefined) {
      if (this.#since === undefined) this.#begin(notReadyReason);
      else this.#summarize();
      return;
    }
    if (this.#since === undefined) return;
    const downtimeMs = Date.now() - this.#since;
    this.#since = undefined;
    this.#report({ state: 'recovered', downtimeMs, failures: this.#failures });
  }

  #begin(reason: string): void {
    const now = Date.now();
    this.#since = now;
    this.#lastSummary = now;
    this.#unreported = 0;
    this.#failures = 0;
    this.#report({ state: 'down', reason });
  }

  #summarize(): void {
    const now = Date.now();
    if (this.#unreported === 0 || now - this.#lastSummary < this.#summaryInterval) return;
    this.#lastSummary = now;
    this.#report({ state: 'failing', failures: this.#unreported });
    this.#unreported = 0;
  }
}
