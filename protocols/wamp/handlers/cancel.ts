/** CANCEL (Advanced: call canceling, modes skip, kill, killnowait; default killnowait). */
import type { CancelMode } from '../../../src/plugin/index.js';
import { MessageCode, type MessageOfType } from '../messages.js';
import type { Peer } from '../peer.js';
import { readEnum } from './read-options.js';
import { answerFailure } from './router-error.js';

const MODES: readonly CancelMode[] = ['skip', 'kill', 'killnowait'];

export function handleCancel(peer: Peer, message: MessageOfType<'CANCEL'>): void {
  // A call that already finished is not an error: CANCEL and RESULT may cross on the wire.
  const pending = peer.calls.get(message.request);
  if (pending === undefined) return;
  try {
    pending.cancel(readEnum(message.options, 'mode', MODES, 'killnowait'));
  } catch (error) {
    answerFailure(peer, MessageCode.CANCEL, message.request, error);
  }
}
