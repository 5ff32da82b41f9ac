/**
 * Lean clients: the hot path works on buffers (a pre-encoded frame copied and stamped per send, a
 * counting parser that only locates the body of each delivery), so the generator stays cheaper
 * than the broker it measures. Control traffic (connect, subscribe, register) may parse fully.
 */
import type { LeanSocket } from './socket.js';

/** A delivered body starts at buf[at] (BODY_BYTES long); at is -1 for a message that is not one. */
export type OnBody = (buf: Buffer, at: number) => void;

export interface LeanClient {
  readonly socket: LeanSocket;
  /** Resolves once the server confirmed the subscription; every delivery goes to onBody. */
  subscribe?(topic: string, onBody: OnBody): Promise<void>;
  /** Sends one message with a freshly stamped body. */
  publish?(topic: string, kind: number, seq: number, source: number): void;
  /** Answers every call with its own arguments. */
  registerEcho?(procedure: string): Promise<void>;
  /** Sends one call; its result body (or -1 for an error) goes to `results`. */
  call?(procedure: string, kind: number, seq: number, source: number): void;
  results?: OnBody;
  close(): void;
}

export interface LeanDriver {
  connect(url: string): Promise<LeanClient>;
}
