/**
 * The channel and glob subscriptions a node holds on the pub/sub service for its ports, counted:
 * several local patterns (or a topic pattern and a queue watch) may need the same channel, and
 * only the first need subscribes and the last one gone unsubscribes. Before the engine starts,
 * needs are only counted; `restore()` issues them all at start.
 */
import type { PubSubBackend } from './backend.js';

/** A channel name, or a Redis glob when `glob` is true. */
export interface ChannelInterest {
  readonly glob: boolean;
  readonly name: string;
}

/** Reference-counted (p)subscriptions of one node on the service. */
export class ChannelSubscriptions {
  readonly #backend: PubSubBackend;
  readonly #started: () => boolean;
  readonly #fail: (err: unknown, operation: string) => void;
  /** Channel ('c') and glob ('p') subscriptions with the number of needs for each. */
  readonly #interest = new Map<string, number>();
  /** (Un)subscribe commands not yet acknowledged by the service. */
  readonly #inFlight = new Set<Promise<void>>();

  /**
   * @param started whether the engine runs (before, needs are only counted)
   * @param fail reports a failed command (the engine counts and logs it)
   */
  constructor(backend: PubSubBackend, started: () => boolean, fail: (err: unknown, operation: string) => void) {
    this.#backend = backend;
    this.#started = started;
    this.#fail = fail;
  }

  /** One more need for `interest`; the first one subscribes. */
  add(interest: ChannelInterest): void {
    const key = keyOf(interest);
    const count = this.#interest.get(key) ?? 0;
    this.#interest.set(key, count + 1);
    if (count === 0 && this.#started()) this.#listen(key, true).catch((e: unknown) => this.#fail(e, 'subscribe'));
  }

  /** One need less for `interest`; the last one unsubscribes. */
  remove(interest: ChannelInterest): void {
    const key = keyOf(interest);
    const count = this.#interest.get(key) ?? 0;
    if (count > 1) return void this.#interest.set(key, count - 1);
    this.#interest.delete(key);
    if (count === 1 && this.#started()) {
      this.#listen(key, false).catch((e: unknown) => this.#fail(e, 'unsubscribe'));
    }
  }

  /** Subscribes to everything needed so far (the engine starts); the caller awaits or reports. */
  restore(): Promise<void>[] {
    return [...this.#interest.keys()].map((key) => this.#listen(key, true));
  }

  /** Resolves once every (un)subscribe issued so far was acknowledged (or failed). */
  async settled(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  #listen(key: string, on: boolean): Promise<void> {
    const name = key.slice(1);
    const t = this.#backend;
    const glob = key.startsWith('p');
    const command = glob
      ? on
        ? t.psubscribe(name)
        : t.punsubscribe(name)
      : on
        ? t.subscribe(name)
        : t.unsubscribe(name);
    this.#inFlight.add(command);
    const forget = () => void this.#inFlight.delete(command);
    command.then(forget, forget);
    return command;
  }
}

function keyOf({ glob, name }: ChannelInterest): string {
  return `${glob ? 'p' : 'c'}${name}`;
}
