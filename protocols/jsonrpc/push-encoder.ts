/**
 * Subscription pushes, encoded once per published message: the part after the subscription id
 * once for all receivers, and the whole push once per subscription id. Sessions number their
 * subscriptions from 1, so most receivers of a message share one push: the same bytes go to
 * every socket, with no per-receiver encoding.
 */
import { type Logger, oncePerMessage, RepeatedLines, type RoutedMessage } from '../../src/plugin/index.js';
import { pushTail } from './payload.js';

interface EncodedPush {
  /** `,"topic":…,"result":…` or '' when the message cannot be written as JSON; set at the first push. */
  tail?: string;
  readonly bySubscription: Map<number, Buffer>;
}

export class PushEncoder {
  readonly #cached = oncePerMessage((_message: RoutedMessage): EncodedPush => ({ bySubscription: new Map() }));
  /** One line per message that cannot be pushed, and repeats of it aggregated across messages. */
  readonly #repeats = new RepeatedLines();

  /**
   * The push for subscription `id` as UTF-8 bytes (a text message), or undefined when the message
   * cannot be written as JSON (logged once, with the first receiver's logger).
   */
  encode(message: RoutedMessage, id: number, log: Logger): Buffer | undefined {
    const cached = this.#cached(message);
    cached.tail ??= this.#tailOf(message, log);
    if (cached.tail === '') return undefined;
    let push = cached.bySubscription.get(id);
    if (push === undefined) {
      // A Buffer, so ws takes it as is: no per-send encoding, wrapping or copy.
      push = Buffer.from(`{"jsonrpc":"2.0","method":"subscription","params":{"subscription":${id}${cached.tail}}}`);
      cached.bySubscription.set(id, push);
    }
    return push;
  }

  #tailOf(message: RoutedMessage, log: Logger): string {
    try {
      return pushTail(message);
    } catch (error) {
      this.#repeats.write(
        log,
        'warn',
        { err: error, topic: message.topic },
        'message cannot be encoded as JSON, not pushed',
      );
      return '';
    }
  }
}
