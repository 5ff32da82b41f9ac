/**
 * Calls carried between nodes over their own channels: the wire side of the call port
 * (channel-calls.ts), not the router's call lifecycle (src/router/calls/). The caller's node
 * keeps its outgoing calls by id until the result, an error, or the callee node's death settles
 * them; the callee's node keeps the invocations it runs for other nodes, so that a cancel
 * reaches them and a dead caller node interrupts them.
 */

import type { EngineHost, RemoteCall, RemoteCallReply, RemoteCallRequest } from '../router/ports.js';
import { type CallPayload, type CancelMode, ErrorUri, RouterError } from '../router/types.js';
import { type Envelope, Kind, type Outgoing } from './codec.js';
import { BatchFailures } from './publish-batch.js';

/** Sends an envelope to one node; rejects when it could not be handed to the service. */
export type SendToNode = (node: string, envelope: Outgoing) => Promise<unknown>;

/**
 * A call this node made on another node: one object per call (no closures), which is also the
 * RemoteCall the router cancels through.
 */
class OutgoingCall implements RemoteCall {
  readonly node: string;
  readonly reply: RemoteCallReply;
  readonly #id: number;
  readonly #channel: CallChannel;
  /** The PUBLISH that carries the CALL (shared by the calls of one batch: publish-batch.ts). */
  sent: Promise<unknown> | undefined;

  constructor(channel: CallChannel, id: number, node: string, reply: RemoteCallReply) {
    this.#channel = channel;
    this.#id = id;
    this.node = node;
    this.reply = reply;
  }

  cancel(mode: CancelMode): void {
    this.#channel.cancel(this.#id, this, mode);
  }
}

/**
 * A call another node made on this one: the reply the local call lifecycle answers through,
 * sending each answer back to the caller's node.
 */
class IncomingCall implements RemoteCallReply {
  readonly #channel: CallChannel;
  readonly #from: string;
  readonly #id: number;
  settled = false;

  constructor(channel: CallChannel, from: string, id: number) {
    this.#channel = channel;
    this.#from = from;
    this.#id = id;
  }

  progress(p: CallPayload): void {
    this.#channel.answer(this.#from, { k: Kind.PROGRESS, id: this.#id, p });
  }

  resolve(p: CallPayload): void {
    this.#settle();
    this.#channel.answer(this.#from, { k: Kind.RESULT, id: this.#id, p });
  }

  reject(error: RouterError): void {
    this.#settle();
    const answer = { k: Kind.ERROR, id: this.#id, uri: error.uri, msg: error.message, p: payloadOf(error) } as const;
    this.#channel.answer(this.#from, answer);
  }

  #settle(): void {
    this.settled = true;
    this.#channel.settled(this.#from, this.#id);
  }
}

const ignore = () => {};

type ReplyEnvelope = Extract<Envelope, { k: typeof Kind.PROGRESS | typeof Kind.RESULT | typeof Kind.ERROR }>;

/** One node's calls in flight to and from the other nodes. */
export class CallChannel {
  readonly #send: SendToNode;
  readonly #outgoing = new Map<number, OutgoingCall>();
  /** Calls from other nodes running here, by caller node, then by the caller node's call id. */
  readonly #incoming = new Map<string, Map<number, RemoteCall>>();
  #nextId = 1;
  /** A batch of CALLs the service refused fails each call it carried. */
  readonly #callFailures = new BatchFailures((sent, err) => this.#sendFailed(sent, err));
  /** An answer that could not be sent leaves the caller to its timeout. */
  readonly #answerFailures = new BatchFailures(ignore);

  constructor(send: SendToNode) {
    this.#send = send;
  }

  /** Starts a call on `node`; a failed send rejects it with `wamp.error.unavailable`. */
  call(realm: string, node: string, request: RemoteCallRequest, reply: RemoteCallReply): RemoteCall {
    const id = this.#nextId++;
    const call = new OutgoingCall(this, id, node, reply);
    this.#outgoing.set(id, call);
    const sent = this.#send(node, { k: Kind.CALL, id, r: realm, q: request });
    call.sent = sent;
    this.#callFailures.watch(sent);
    return call;
  }

  /** Cancels an outgoing call (OutgoingCall#cancel). */
  cancel(id: number, call: OutgoingCall, mode: CancelMode): void {
    // skip: the callee runs on, only its answer is ignored (the caller side already settled).
    if (mode !== 'kill' && this.#outgoing.get(id) === call) this.#outgoing.delete(id);
    if (mode !== 'skip') this.#send(call.node, { k: Kind.CANCEL, id, mode }).catch(ignore);
  }

  /** Sends an answer of an incoming call back to its node; a failure leaves the caller to its timeout. */
  answer(node: string, message: Outgoing): void {
    this.#answerFailures.watch(this.#send(node, message));
  }

  /** An incoming call settled: a cancel no longer reaches it. */
  settled(node: string, id: number): void {
    const calls = this.#incoming.get(node);
    if (calls?.delete(id) && calls.size === 0) this.#incoming.delete(node);
  }

  /** The service refused a batch of CALLs: each call it carried fails with `wamp.error.unavailable`. */
  #sendFailed(sent: Promise<unknown>, err: unknown): void {
    for (const [id, call] of this.#outgoing) {
      if (call.sent !== sent) continue;
      this.#outgoing.delete(id);
      call.reply.reject(new RouterError(ErrorUri.UNAVAILABLE, `Cluster engine unavailable: ${String(err)}`));
    }
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
    const reply = new IncomingCall(this, from, id);
    const running = host.invoke(envelope.r, envelope.q, reply);
    // The callee may have answered synchronously, inside invoke().
    if (running === undefined || reply.settled) return;
    let calls = this.#incoming.get(from);
    if (calls === undefined) {
      calls = new Map();
      this.#incoming.set(from, calls);
    }
    calls.set(id, running);
  }

  onCancel(envelope: Extract<Envelope, { k: typeof Kind.CANCEL }>): void {
    this.#incoming.get(envelope.n)?.get(envelope.id)?.cancel(envelope.mode);
  }

  /** A node died or left: its callers' calls are interrupted, calls to it fail (never hang). */
  nodeGone(node: string): void {
    const calls = this.#incoming.get(node);
    this.#incoming.delete(node);
    for (const running of calls?.values() ?? []) running.cancel('killnowait');
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
    for (const calls of this.#incoming.values()) for (const running of calls.values()) running.cancel('killnowait');
    this.#incoming.clear();
  }
}

function payloadOf(error: RouterError) {
  return {
    ...(error.args !== undefined && { args: error.args }),
    ...(error.kwargs !== undefined && { kwargs: error.kwargs }),
  };
}
