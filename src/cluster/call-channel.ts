/**
 * Calls carried between nodes over their own channels: the wire side of the call port
 * (channel-calls.ts), not the router's call lifecycle (src/router/calls/). The caller's node
 * keeps its outgoing calls by id until the result, an error, or the callee node's death settles
 * them; the callee's node keeps the invocations it runs for other nodes, so that a cancel
 * reaches them and a dead caller node interrupts them.
 */

import type { EngineHost, RemoteCall, RemoteCallReply, RemoteCallRequest } from '../router/ports.js';
import { ErrorUri, RouterError } from '../router/types.js';
import { type Envelope, Kind, type Outgoing } from './codec.js';

/** Sends an envelope to one node; rejects when it could not be handed to the service. */
export type SendToNode = (node: string, envelope: Outgoing) => Promise<unknown>;

interface OutgoingCall {
  readonly node: string;
  readonly reply: RemoteCallReply;
}

type ReplyEnvelope = Extract<Envelope, { k: typeof Kind.PROGRESS | typeof Kind.RESULT | typeof Kind.ERROR }>;

/** One node's calls in flight to and from the other nodes. */
export class CallChannel {
  readonly #send: SendToNode;
  readonly #outgoing = new Map<number, OutgoingCall>();
  readonly #incoming = new Map<string, RemoteCall>();
  #nextId = 1;

  constructor(send: SendToNode) {
    this.#send = send;
  }

  /** Starts a call on `node`; a failed send rejects it with `wamp.error.unavailable`. */
  call(realm: string, node: string, request: RemoteCallRequest, reply: RemoteCallReply): RemoteCall {
    const id = this.#nextId++;
    this.#outgoing.set(id, { node, reply });
    this.#send(node, { k: Kind.CALL, id, r: realm, q: request }).catch((err: unknown) => {
      if (!this.#outgoing.delete(id)) return;
      reply.reject(new RouterError(ErrorUri.UNAVAILABLE, `Cluster engine unavailable: ${String(err)}`));
    });
    return {
      cancel: (mode) => {
        // skip: the callee runs on, only its answer is ignored (the caller side already settled).
        if (mode !== 'kill') this.#outgoing.delete(id);
        if (mode !== 'skip') this.#send(node, { k: Kind.CANCEL, id, mode }).catch(() => {});
      },
    };
  }

  /** A progressive result, a result or an error from the callee's node. */
  onReply(envelope: ReplyEnvelope): void {
    const call = this.#outgoing.get(envelope.id);
    if (call === undefined || call.node !== envelope.n) return;
    if (envelope.k === Kind.PROGRESS) {
      call.reply.progress(envelope.p);
      return;
    }
    this.#outgoing.delete(envelope.id);
    if (envelope.k === Kind.RESULT) call.reply.resolve(envelope.p);
    else call.reply.reject(new RouterError(envelope.uri, envelope.msg, envelope.p));
  }

  /** A call from another node: run it on a local callee and send the outcome back. */
  onCall(envelope: Extract<Envelope, { k: typeof Kind.CALL }>, host: EngineHost): void {
    const { n: from, id } = envelope;
    const key = `${from}\u0000${id}`;
    const answer = (message: Outgoing) => this.#send(from, message).catch(() => {});
    let settled = false;
    const done = () => {
      settled = true;
      this.#incoming.delete(key);
    };
    const running = host.invoke(envelope.r, envelope.q, {
      progress: (p) => void answer({ k: Kind.PROGRESS, id, p }),
      resolve: (p) => {
        done();
        void answer({ k: Kind.RESULT, id, p });
      },
      reject: (error) => {
        done();
        void answer({ k: Kind.ERROR, id, uri: error.uri, msg: error.message, p: payloadOf(error) });
      },
    });
    // The callee may have answered synchronously, inside invoke().
    if (running !== undefined && !settled) this.#incoming.set(key, running);
  }

  onCancel(envelope: Extract<Envelope, { k: typeof Kind.CANCEL }>): void {
    this.#incoming.get(`${envelope.n}\u0000${envelope.id}`)?.cancel(envelope.mode);
  }

  /** A node died or left: its callers' calls are interrupted, calls to it fail (never hang). */
  nodeGone(node: string): void {
    for (const [key, running] of this.#incoming) {
      if (key.startsWith(`${node}\u0000`)) {
        this.#incoming.delete(key);
        running.cancel('killnowait');
      }
    }
    for (const [id, call] of this.#outgoing) {
      if (call.node !== node) continue;
      this.#outgoing.delete(id);
      call.reply.reject(new RouterError(ErrorUri.CANCELED, `Callee node ${node} is gone`));
    }
  }

  /** Fails every call this node is waiting for (the engine is closing). */
  failAll(reason: string): void {
    for (const [id, call] of this.#outgoing) {
      this.#outgoing.delete(id);
      call.reply.reject(new RouterError(ErrorUri.UNAVAILABLE, reason));
    }
    for (const running of this.#incoming.values()) running.cancel('killnowait');
    this.#incoming.clear();
  }
}

function payloadOf(error: RouterError) {
  return {
    ...(error.args !== undefined && { args: error.args }),
    ...(error.kwargs !== undefined && { kwargs: error.kwargs }),
  };
}
