/** NACK (STOMP 1.2 §NACK): like ACK, but the messages are redelivered (or dropped with `requeue:false`). */
import type { StompContext } from '../context.js';
import { StompError } from '../errors.js';
import type { Frame } from '../frame.js';
import { settle } from './ack.js';

export function handleNack(context: StompContext, frame: Frame): void {
  if (context.version === '1.0') throw new StompError('NACK is not a STOMP 1.0 command');
  settle(context, frame, true);
}
