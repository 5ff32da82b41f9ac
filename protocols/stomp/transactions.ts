/**
 * Per-connection transactions (STOMP 1.2 BEGIN/COMMIT/ABORT): SEND, ACK and NACK frames carrying a
 * `transaction` header are validated at once and applied together at COMMIT.
 */
import { limitError, StompError } from './errors.js';

/** A validated frame whose effect is deferred to COMMIT. */
export type DeferredAction = () => void;

export class TransactionTable {
  readonly #open = new Map<string, DeferredAction[]>();
  readonly #maxTransactions: number;
  readonly #maxActions: number;

  constructor(maxTransactions: number, maxActions: number) {
    this.#maxTransactions = maxTransactions;
    this.#maxActions = maxActions;
  }

  begin(id: string): void {
    if (this.#open.has(id)) throw new StompError(`Transaction ${id} is already open`);
    if (this.#open.size >= this.#maxTransactions) {
      throw limitError('maxTransactions', this.#maxTransactions, 'too many open transactions');
    }
    this.#open.set(id, []);
  }

  add(id: string, action: DeferredAction): void {
    const actions = this.#require(id);
    if (actions.length >= this.#maxActions) {
      throw limitError('maxActionsPerTransaction', this.#maxActions, `transaction ${id} holds too many frames`);
    }
    actions.push(action);
  }

  /** Removes the transaction and returns its actions, in order. */
  commit(id: string): readonly DeferredAction[] {
    const actions = this.#require(id);
    this.#open.delete(id);
    return actions;
  }

  abort(id: string): void {
    this.#require(id);
    this.#open.delete(id);
  }

  /** Implicit abort of everything (DISCONNECT or connection failure). */
  clear(): void {
    this.#open.clear();
  }

  #require(id: string): DeferredAction[] {
    const actions = this.#open.get(id);
    if (actions === undefined) throw new StompError(`Unknown transaction ${id}`);
    return actions;
  }
}
