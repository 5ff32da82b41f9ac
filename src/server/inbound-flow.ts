/**
 * Inbound rate limits of one connection (`messagesPerSecond`, `bytesPerSecond`): two token
 * buckets, each refilled at its rate and holding twice that. A connection over its budget is
 * slowed, never dropped: its transport stops reading (TCP backpressure reaches the client), what
 * was already read waits here in order, and reading resumes once the debt is repaid. Only a
 * connection that stays over for `rateLimitGrace` is closed.
 */
import type { MessageData, SessionTransport } from '../plugin/types.js';

export interface FlowLimits {
  readonly messagesPerSecond: number;
  readonly bytesPerSecond: number;
  readonly rateLimitGrace: number;
}

/** A token bucket that may go into debt: what already arrived is let through and paid for later. */
class TokenBucket {
  readonly #rate: number;
  readonly #burst: number;
  #tokens: number;
  #last = performance.now();

  constructor(perSecond: number) {
    this.#rate = perSecond / 1000;
    this.#burst = perSecond * 2;
    this.#tokens = this.#burst;
  }

  /** `now`: performance.now(), read once per message by the caller (it is not free on the hot path). */
  take(count: number, now: number): void {
    this.#refill(now);
    this.#tokens -= count;
  }

  /** Gives back `count` tokens taken earlier (never beyond the burst). */
  give(count: number): void {
    this.#tokens = Math.min(this.#burst, this.#tokens + count);
  }

  /** Milliseconds until the debt is repaid; 0 when there is none. */
  wait(now: number): number {
    this.#refill(now);
    return this.#tokens >= 0 ? 0 : Math.ceil(-this.#tokens / this.#rate);
  }

  #refill(now: number): void {
    // A clock read earlier by the caller may trail the last refill: never count time backwards.
    if (now <= this.#last) return;
    this.#tokens = Math.min(this.#burst, this.#tokens + (now - this.#last) * this.#rate);
    this.#last = now;
  }
}

export interface FlowOptions {
  /** Whether each transport message counts as one message (false: the plugin counts its own). */
  readonly countsTransportMessages: boolean;
  /** Hands an admitted message to the session. */
  readonly deliver: (data: MessageData) => void;
  /** The connection stayed over its budget for the grace period. */
  readonly onOverGrace: () => void;
}

export class InboundFlow {
  readonly #transport: SessionTransport;
  readonly #limits: FlowLimits;
  readonly #options: FlowOptions;
  readonly #messages: TokenBucket;
  readonly #bytes: TokenBucket;
  /** Read before the transport paused, waiting for the budget, in arrival order; made at the first pause. */
  #held: MessageData[] | undefined;
  /** The session's own backlog (frames it parsed but did not handle yet), resumed before `#held`. */
  #continuation: (() => void) | undefined;
  /** Cancels the scheduled #resume; undefined when none is scheduled. */
  #cancelWake: (() => void) | undefined;
  #paused = false;
  /** Inside `deliver`: a charge made there is settled when it returns. */
  #delivering = false;
  /** The clock read for the message being delivered, which a charge made inside `deliver` reuses. */
  #deliveredAt = 0;
  /** Since when the connection has been over its budget without catching up. */
  #overSince: number | undefined;
  #stopped = false;

  constructor(transport: SessionTransport, limits: FlowLimits, options: FlowOptions) {
    this.#transport = transport;
    this.#limits = limits;
    this.#options = options;
    this.#messages = new TokenBucket(limits.messagesPerSecond);
    this.#bytes = new TokenBucket(limits.bytesPerSecond);
  }

  /** A transport message arrived: delivered now, or held while the connection is paused. */
  receive(data: MessageData): void {
    if (this.#stopped) return;
    if (this.#paused) {
      this.#held ??= [];
      this.#held.push(data);
      return;
    }
    const now = performance.now();
    this.#admit(data, now);
    if (this.#paused || this.#stopped) return;
    const wait = this.#wait(now);
    if (wait === 0) this.#overSince = undefined;
    else this.#holdFor(wait);
  }

  /** Charges `count` messages a plugin found itself (STOMP frames, a JSON-RPC batch); false when over budget. */
  charge(count: number): boolean {
    // STOMP charges each frame of the message it is handed: no second clock read for it (issue 13).
    const now = this.#delivering ? this.#deliveredAt : performance.now();
    this.#messages.take(count, now);
    const wait = this.#wait(now);
    // Charged outside a delivery (a session that handles a message later): pause from here.
    if (wait > 0 && !this.#delivering && !this.#paused) this.#holdFor(wait);
    return wait === 0;
  }

  /**
   * Gives back `count` messages already charged: answers the broker itself asked for (a callee's
   * final answer to an invocation). Their number is bounded by the calls, which were charged to
   * their callers, so a busy callee is not throttled for its callers' traffic. Bytes stay charged.
   */
  refund(count: number): void {
    this.#messages.give(count);
  }

  /**
   * The session has input left that it will not handle in this turn (over budget, or a fair
   * slice done): reads stay paused and `resume` runs on a later turn, once the budget allows.
   */
  defer(resume: () => void): void {
    if (this.#stopped) return;
    this.#continuation = resume;
    if (this.#cancelWake === undefined) this.#holdFor(this.#wait());
  }

  /** The session ended: nothing more is delivered. */
  stop(): void {
    this.#stopped = true;
    this.#held = undefined;
    this.#continuation = undefined;
    this.#cancelWake?.();
    this.#cancelWake = undefined;
  }

  #admit(data: MessageData, now: number): void {
    this.#bytes.take(typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength, now);
    if (this.#options.countsTransportMessages) this.#messages.take(1, now);
    this.#delivering = true;
    this.#deliveredAt = now;
    try {
      this.#options.deliver(data);
    } finally {
      this.#delivering = false;
    }
  }

  #wait(now = performance.now()): number {
    return Math.max(this.#messages.wait(now), this.#bytes.wait(now));
  }

  /** Pauses reads for `wait` ms; a connection in debt for the whole grace period is closed instead. */
  #holdFor(wait: number): void {
    if (this.#stopped) return;
    if (!this.#paused) {
      this.#paused = true;
      this.#transport.pause?.();
    }
    let delay = wait;
    if (wait > 0) {
      this.#overSince ??= Date.now();
      const graceLeft = this.#limits.rateLimitGrace - (Date.now() - this.#overSince);
      if (graceLeft <= 0) {
        this.stop();
        this.#options.onOverGrace();
        return;
      }
      // Wake at the end of the grace period too: a debt that outlasts it closes the connection then.
      delay = Math.min(wait, graceLeft);
    }
    // Not in debt (a fair slice, or held messages): the next turn, after other connections' I/O.
    if (delay === 0) {
      const immediate = setImmediate(() => this.#resume());
      this.#cancelWake = () => clearImmediate(immediate);
    } else {
      const timer = setTimeout(() => this.#resume(), delay);
      this.#cancelWake = () => clearTimeout(timer);
    }
  }

  /**
   * The debt is repaid: the session's own backlog first, else the next held message (one per
   * turn, so other connections are served in between); then wait again, or read again.
   */
  #resume(): void {
    this.#cancelWake = undefined;
    const debt = this.#wait();
    if (debt > 0) {
      this.#holdFor(debt);
      return;
    }
    const continuation = this.#continuation;
    this.#continuation = undefined;
    if (continuation !== undefined) continuation();
    else {
      const next = this.#held?.shift();
      if (next !== undefined) this.#admit(next, performance.now());
    }
    if (this.#stopped || this.#cancelWake !== undefined) return;
    const wait = this.#wait();
    if (wait > 0 || (this.#held?.length ?? 0) > 0) this.#holdFor(wait);
    else {
      this.#paused = false;
      this.#transport.resume?.();
    }
  }
}
