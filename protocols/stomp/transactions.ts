/**
 * Per-connection transactions (STOMP 1.2 BEGIN/COMMIT/ABORT): SEND, ACK and NACK frames carrying a
 * `transaction` header are validated at once and applied together at COMMIT. Their RECEIPTs wait
 * too: a receipt says the frame took effect, so it goes out at COMMIT right after the frame is
 * applied (as RabbitMQ does), or at ABORT when the frame is discarded.
 */
import { limitError, StompError } from './errors.js';
import { Command, type Frame, header } from './frame.js';

/** A validated frame whose effect is deferred to COMMIT, and the receipt it asked for. */
export interface DeferredFrame {
  readonly apply: () => void;
  readonly receipt: string | undefined;
  /** Asks again whether the frame is allowed (decisions are cached, so this is normally a lookup). */
  readonly authorize: (() => void) | undefined;
}

/** The commands a transaction defers (STOMP 1.2 §BEGIN). */
const TRANSACTIONAL: ReadonlySet<string> = new Set([Command.SEND, Command.ACK, Command.NACK]);

/** Whether the frame's effect, and so its RECEIPT, is deferred to its transaction's end. */
export function isDeferred(frame: Frame): boolean {
  return TRANSACTIONAL.has(frame.command) && header(frame, 'transaction') !== undefined;
}

export class TransactionTable {
  /** Made at the first BEGIN (issue 13: an idle session holds no empty map). */
  #open: Map<string, DeferredFrame[]> | undefined;
  readonly #maxTransactions: number;
  readonly #maxActions: number;

  constructor(maxTransactions: number, maxActions: number) {
    this.#maxTransactions = maxTransactions;
    this.#maxActions = maxActions;
  }

  begin(id: string): void {
    this.#open ??= new Map();
    const open = this.#open;
    if (open.has(id)) throw new StompError(`Transaction ${id} is already open`);
    if (open.size >= this.#maxTransactions) {
      throw limitError('maxTransactions', this.#maxTransactions, 'too many open transactions');
    }
    open.set(id, []);
  }

  /**
   * Applies `apply` now, or defers it (with the frame's receipt) when the frame names a transaction.
   * `authorize` is asked again at COMMIT, before any frame is applied (authorizeAll).
   */
  applyOrDefer(frame: Frame, apply: () => void, authorize?: () => void): void {
    const id = header(frame, 'transaction');
    if (id === undefined) {
      apply();
      return;
    }
    const frames = this.#require(id);
    if (frames.length >= this.#maxActions) {
      throw limitError('maxActionsPerTransaction', this.#maxActions, `transaction ${id} holds too many frames`);
    }
    frames.push({ apply, receipt: header(frame, 'receipt'), authorize });
  }

  /**
   * Asks every frame of the transaction again before COMMIT applies any: a decision the session
   * forgot (its cache is bounded) and the `authorize` hook is deciding anew pauses the COMMIT as a
   * whole (AuthorizationPending) instead of applying half of it.
   */
  authorizeAll(id: string): void {
    for (const frame of this.#require(id)) frame.authorize?.();
  }

  /** Removes the transaction and returns its frames, in order. */
  commit(id: string): readonly DeferredFrame[] {
    const frames = this.#require(id);
    this.#open?.delete(id);
    return frames;
  }

  /** Removes the transaction and returns the receipts of its discarded frames, in order. */
  abort(id: string): string[] {
    const frames = this.#require(id);
    this.#open?.delete(id);
    return receiptsOf(frames);
  }

  /** Implicit abort of everything (DISCONNECT or connection failure); returns the discarded receipts. */
  clear(): string[] {
    const receipts = [...(this.#open?.values() ?? [])].flatMap(receiptsOf);
    this.#open?.clear();
    return receipts;
  }

  #require(id: string): DeferredFrame[] {
    const frames = this.#open?.get(id);
    if (frames === undefined) throw new StompError(`Unknown transaction ${id}`);
    return frames;
  }
}

function receiptsOf(frames: readonly DeferredFrame[]): string[] {
  return frames.flatMap((frame) => (frame.receipt === undefined ? [] : [frame.receipt]));
}
