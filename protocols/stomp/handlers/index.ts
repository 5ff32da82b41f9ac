/** Command → handler, for every client command valid after CONNECT. */
import type { Handler } from '../context.js';
import { handleAbort } from './abort.js';
import { handleAck } from './ack.js';
import { handleBegin } from './begin.js';
import { handleCommit } from './commit.js';
import { handleDisconnect } from './disconnect.js';
import { handleNack } from './nack.js';
import { handleSend } from './send.js';
import { handleSubscribe } from './subscribe.js';
import { handleUnsubscribe } from './unsubscribe.js';

export const handlers: Readonly<Record<string, Handler>> = {
  SEND: handleSend,
  SUBSCRIBE: handleSubscribe,
  UNSUBSCRIBE: handleUnsubscribe,
  ACK: handleAck,
  NACK: handleNack,
  BEGIN: handleBegin,
  COMMIT: handleCommit,
  ABORT: handleAbort,
  DISCONNECT: handleDisconnect,
};
