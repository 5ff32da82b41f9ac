/**
 * The call port of the channel engine: registrations and calls across nodes.
 * - This node's registrations are announced on the control channel, numbered by a version that
 *   also rides on every heartbeat; a peer that sees a gap or an unknown version asks for a
 *   snapshot, so a lost announcement is repaired.
 * - The other nodes' registrations live in the registration directory (registration-directory.ts),
 *   which answers `registration` and `route`.
 * - Calls travel on the callee node's own channel (call-channel.ts).
 */
import type { CallPort, RemoteCall, RemoteCallReply, RemoteCallRequest, RemoteRegistration } from '../router/ports.js';
import type { InvokePolicy, MatchPolicy } from '../router/types.js';
import { CallChannel } from './call-channel.js';
import { type EnvelopeOf, Kind, type RegistrationTuple } from './codec.js';
import type { NodeLink } from './node-link.js';
import { RegistrationDirectory } from './registration-directory.js';

type ReplyKind = typeof Kind.PROGRESS | typeof Kind.RESULT | typeof Kind.ERROR;

/** The CallPort of a channel engine; the `on*` handlers are fed by the engine's dispatch. */
export class ChannelCalls implements CallPort {
  readonly #link: NodeLink;
  readonly #directory = new RegistrationDirectory();
  readonly #channel: CallChannel;
  /** This node's registrations, as announced. */
  readonly #own = new Map<string, RegistrationTuple>();
  #version = 0;

  constructor(link: NodeLink) {
    this.#link = link;
    this.#channel = new CallChannel((node, envelope) => link.send(link.names.node(node), envelope));
  }

  /** The version of this node's registrations (sent with every heartbeat). */
  get version(): number {
    return this.#version;
  }

  addRegistration(realm: string, procedure: string, match: MatchPolicy, invoke: InvokePolicy): void {
    const reg: RegistrationTuple = [realm, procedure, match, invoke];
    this.#own.set(`${realm}\u0000${match}\u0000${procedure}`, reg);
    this.#announce(reg, true);
  }

  removeRegistration(realm: string, procedure: string, match: MatchPolicy): void {
    const key = `${realm}\u0000${match}\u0000${procedure}`;
    const reg = this.#own.get(key);
    if (reg === undefined) return;
    this.#own.delete(key);
    this.#announce(reg, false);
  }

  registration(realm: string, procedure: string, match: MatchPolicy): RemoteRegistration | undefined {
    return this.#directory.get(realm, procedure, match);
  }

  route(realm: string, procedure: string): RemoteRegistration | undefined {
    return this.#directory.route(realm, procedure);
  }

  call(realm: string, node: string, request: RemoteCallRequest, reply: RemoteCallReply): RemoteCall {
    return this.#channel.call(realm, node, request, reply);
  }

  /** A peer's heartbeat carries its registration version: a different one means we missed some. */
  onHeartbeat(node: string, version: number): void {
    if (this.#directory.version(node) !== version) this.#requestSnapshot(node);
  }

  onRegistration(envelope: EnvelopeOf<typeof Kind.REGISTRATION>): void {
    const { n: node, v, reg, on } = envelope;
    if (!this.#directory.apply(node, v, reg, on)) this.#requestSnapshot(node);
  }

  onSnapshotRequest(node: string): void {
    this.#link.reply(node, { k: Kind.SNAPSHOT, v: this.#version, regs: [...this.#own.values()] });
  }

  onSnapshot(envelope: EnvelopeOf<typeof Kind.SNAPSHOT>): void {
    this.#directory.replace(envelope.n, envelope.v, envelope.regs);
  }

  /** A call from another node, run on a local callee (none before the router is attached). */
  onCall(envelope: EnvelopeOf<typeof Kind.CALL>): void {
    const host = this.#link.host;
    if (host !== undefined) this.#channel.onCall(envelope, host);
  }

  onCancel(envelope: EnvelopeOf<typeof Kind.CANCEL>): void {
    this.#channel.onCancel(envelope);
  }

  onReply(envelope: EnvelopeOf<ReplyKind>): void {
    this.#channel.onReply(envelope);
  }

  /** A node left or died: its registrations go, calls to and from it end. */
  nodeGone(node: string): void {
    this.#directory.removeNode(node);
    this.#channel.nodeGone(node);
  }

  /** The engine closes: every call in flight ends (none hangs). */
  close(): void {
    this.#channel.failAll('Cluster engine closed');
  }

  #announce(reg: RegistrationTuple, on: boolean): void {
    this.#version++;
    const link = this.#link;
    if (link.state !== 'started') return;
    // A lost announcement is repaired: peers see the version in our heartbeat and ask for a snapshot.
    link
      .send(link.names.control, { k: Kind.REGISTRATION, v: this.#version, reg, on })
      .catch((err: unknown) => link.fail(err, 'announce'));
  }

  #requestSnapshot(node: string): void {
    this.#link.reply(node, { k: Kind.SNAPSHOT_REQUEST });
  }
}
