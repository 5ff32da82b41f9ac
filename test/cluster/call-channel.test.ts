/**
 * CallChannel's caller side when the service refuses a batch of CALLs: every call the refused
 * PUBLISH carried fails with `wamp.error.unavailable` (one failure handler per batch, not per
 * call), and the calls of another batch are untouched.
 */
import { describe, expect, it } from 'vitest';
import { CallChannel } from '../../src/cluster/call-channel.js';
import { Kind, type Outgoing } from '../../src/cluster/codec.js';
import type { RemoteCallReply, RemoteCallRequest } from '../../src/router/ports.js';
import { type CallPayload, ErrorUri, type RouterError } from '../../src/router/types.js';

/** A reply that records how its call ended. */
function recordingReply() {
  const outcome: { result?: CallPayload; error?: RouterError } = {};
  const reply: RemoteCallReply = {
    progress() {},
    resolve: (p) => {
      outcome.result = p;
    },
    reject: (e) => {
      outcome.error = e;
    },
  };
  return { outcome, reply };
}

const request: RemoteCallRequest = { procedure: 'p', timeout: 0, receiveProgress: false };
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('CallChannel', () => {
  describe('#call', () => {
    it('fails with unavailable every call of a batch the service refused, and only those', async () => {
      let batch: Promise<unknown> = Promise.reject(new Error('redis down'));
      const sent: Outgoing[] = [];
      const channel = new CallChannel((_node, envelope) => {
        sent.push(envelope);
        return batch;
      });
      const refused = [recordingReply(), recordingReply(), recordingReply()];
      for (const { reply } of refused) channel.call('realm1', 'node-b', request, reply);
      batch = Promise.resolve(1);
      const taken = recordingReply();
      channel.call('realm1', 'node-b', request, taken.reply);
      await settle();

      for (const { outcome } of refused) expect(outcome.error?.uri).toBe(ErrorUri.UNAVAILABLE);
      expect(taken.outcome).toEqual({});
      // The call of the taken batch still gets its result.
      const id = (sent[3] as { id: number }).id;
      channel.onReply({ n: 'node-b', k: Kind.RESULT, id, p: { args: [1] } });
      expect(taken.outcome.result).toEqual({ args: [1] });
    });

    it('ignores the answer to a call canceled with skip, and tells the callee node', async () => {
      const sent: Outgoing[] = [];
      const channel = new CallChannel((_node, envelope) => {
        sent.push(envelope);
        return Promise.resolve(1);
      });
      const { outcome, reply } = recordingReply();
      channel.call('realm1', 'node-b', request, reply).cancel('kill');
      const id = (sent[0] as { id: number }).id;
      expect(sent[1]).toEqual({ k: Kind.CANCEL, id, mode: 'kill' });
      channel.onReply({ n: 'node-b', k: Kind.RESULT, id, p: { args: ['late'] } });
      expect(outcome.result).toEqual({ args: ['late'] });

      const skipped = recordingReply();
      channel.call('realm1', 'node-b', request, skipped.reply).cancel('skip');
      const skippedId = (sent[2] as { id: number }).id;
      expect(sent).toHaveLength(3);
      channel.onReply({ n: 'node-b', k: Kind.RESULT, id: skippedId, p: { args: ['late'] } });
      expect(skipped.outcome).toEqual({});
      await settle();
    });
  });
});
