/**
 * What a command handler sees of its session. Handlers throw StompError for protocol errors; the
 * session renders it as ERROR (with the frame's receipt as `receipt-id`) and closes.
 */
import type { Logger, RoutedMessage, SessionHandle } from '../../src/plugin/index.js';
import type { Frame, HeaderList, StompVersion } from './frame.js';
import type { DeliveryHeaders } from './message-frame.js';
import type { ResolvedStompOptions } from './options.js';
import type { SubscriptionTable } from './subscriptions.js';
import type { TempQueueTable } from './temp-queues.js';
import type { WireSubscriptionId } from './topic-frames.js';
import type { TransactionTable } from './transactions.js';

export interface StompContext {
  readonly version: StompVersion;
  readonly sessionId: number;
  readonly router: SessionHandle;
  readonly options: ResolvedStompOptions;
  readonly subscriptions: SubscriptionTable;
  readonly transactions: TransactionTable;
  /** This session's `/temp-queue/<name>` reply queues. */
  readonly tempQueues: TempQueueTable;
  readonly log: Logger;
  /** `limits.maxDepth`: deepest nesting of a JSON body. */
  readonly maxDepth: number;
  /** False once the session ended; late async results must then be dropped. */
  readonly isActive: boolean;
  sendFrame(command: string, headers: HeaderList, body?: string | Uint8Array): void;
  /** Sends one MESSAGE for a routed message. */
  deliver(message: RoutedMessage, delivery: DeliveryHeaders): void;
  /** Delivers an auto-ack topic message (a frame shared by every receiver of the subscription id). */
  deliverTopic(message: RoutedMessage, subscription: WireSubscriptionId): void;
  /** Closes the connection once the current frame's RECEIPT is out (DISCONNECT). */
  disconnect(): void;
  /** Reports an error found after the frame was handled (an /rpc/ reply that cannot be sent). */
  fail(error: Error): void;
}

/** One command's handler. */
export type Handler = (context: StompContext, frame: Frame) => void;
