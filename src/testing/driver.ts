/**
 * What a plugin author writes to run the contract cases against a protocol: how its clients
 * talk. The kit owns the broker and the sockets; the driver only speaks the wire format.
 */
import type { MessageData, ProtocolPlugin } from '../plugin/types.js';

/** A real WebSocket client the kit opened for a driver, with its inbound messages queued. */
export interface ContractClient {
  /** The token the broker echoed (`''` when it echoed none). */
  readonly protocol: string;
  /** Sends a text (string) or binary (Uint8Array) message. */
  send(data: MessageData): void;
  /** The next inbound message: a string for a text message, a Uint8Array for a binary one. */
  next(timeoutMs?: number): Promise<MessageData>;
}

/** How one protocol's client does what the contract cases need. Every method may be async. */
export interface PluginDriver {
  /** Builds a fresh plugin under test; called once for each broker the kit starts. */
  createPlugin(): ProtocolPlugin;
  /** Token the clients offer; default the plugin's first token; null offers none (a fallback plugin). */
  readonly token?: string | null;
  /** Logs the client in and joins the broker's default realm; resolves once the broker answered. */
  join(client: ContractClient): Promise<void>;
  /** Subscribes to `topic` (exact match); resolves once the broker confirmed it. */
  subscribe(client: ContractClient, topic: string): Promise<void>;
  /** Publishes one string value to `topic`. */
  publish(client: ContractClient, topic: string, value: string): Promise<void>;
  /** Resolves with the next string value delivered to this client on `topic`, skipping other messages. */
  nextValue(client: ContractClient, topic: string): Promise<string>;
  /** Messages the protocol must refuse in its own words (an error reply, or a close other than 1011). */
  readonly badInput: readonly MessageData[];
}

/** One framework-neutral test: iterate with `for (const c of cases) it(c.name, c.run)`. */
export interface ContractCase {
  readonly name: string;
  run(): Promise<void>;
}

/** What the kit needs besides the driver. */
export interface ContractKitOptions {
  /**
   * The built-in JSON-RPC plugin factory (`jsonrpc` from `junction/protocols/jsonrpc`): the kit
   * talks JSON-RPC 2.0 over a plain WebSocket as the other protocol of the cross-protocol cases.
   * It is passed in because the core never imports a protocol module.
   */
  readonly jsonrpc: () => ProtocolPlugin;
  /** How long to wait for any one answer, in ms. Default 3000. */
  readonly timeoutMs?: number;
}
