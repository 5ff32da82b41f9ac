/**
 * A load-generator client for one target. Drivers speak the wire protocol directly over `ws`
 * (no client library), so the generator's own cost stays low and comparable across targets.
 */
export interface BenchClient {
  /** Resolves once the server confirmed the subscription (receipt, SUBSCRIBED, result). */
  subscribe(topic: string, onPayload: (payload: string) => void): Promise<void>;
  publish(topic: string, payload: string): void;
  /** Registers an echo procedure (RPC targets only). */
  registerEcho?(procedure: string): Promise<void>;
  call?(procedure: string, payload: string): Promise<string>;
  close(): void;
}

export interface Driver {
  readonly name: string;
  /** Sec-WebSocket-Protocol token offered, if any. */
  connect(url: string): Promise<BenchClient>;
}
