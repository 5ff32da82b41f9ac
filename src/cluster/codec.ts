/**
 * What travels between nodes, and its encoding. MessagePack (not JSON) because payloads may hold
 * `Uint8Array` values (STOMP binary bodies, WAMP msgpack/cbor bytes) that must survive the trip.
 * The envelope is a discriminated union on `k`, like socket.io's ClusterMessage; `n` is the
 * sending node, which lets a node drop its own echo.
 */
import { Encoder } from '@msgpack/msgpack';
import { EngineError } from '../errors/index.js';
import type { RealmSnapshot, RemoteCallRequest } from '../router/ports.js';
import type {
  CallPayload,
  CancelMode,
  InvokePolicy,
  MatchPolicy,
  PublishOptions,
  RoutedMessage,
  SessionInfo,
} from '../router/types.js';
import { MsgpackReader } from './msgpack-reader.js';
import { MsgpackWriter } from './msgpack-writer.js';

export const Kind = {
  PUBLISH: 'pub',
  HEARTBEAT: 'hb',
  BYE: 'bye',
  REGISTRATION: 'reg',
  SNAPSHOT_REQUEST: 'srq',
  SNAPSHOT: 'snap',
  SESSIONS_REQUEST: 'sq',
  SESSIONS: 'ss',
  CALL: 'call',
  PROGRESS: 'prog',
  RESULT: 'res',
  ERROR: 'err',
  CANCEL: 'cx',
  QUEUE_READY: 'qr',
  KILL_REQUEST: 'kq',
  KILLED: 'kd',
  VIEWS_REQUEST: 'vq',
  VIEWS: 'vs',
} as const;

/** One registration as announced: realm, procedure, match, invoke. */
export type RegistrationTuple = readonly [string, string, MatchPolicy, InvokePolicy];

export type Envelope = { readonly n: string } & (
  | { readonly k: typeof Kind.PUBLISH; readonly r: string; readonly m: RoutedMessage; readonly o?: PublishOptions }
  /** `v`: the sender's registration version; a receiver that knows an older one asks for a snapshot. */
  | { readonly k: typeof Kind.HEARTBEAT; readonly v: number }
  | { readonly k: typeof Kind.BYE }
  | { readonly k: typeof Kind.REGISTRATION; readonly v: number; readonly reg: RegistrationTuple; readonly on: boolean }
  | { readonly k: typeof Kind.SNAPSHOT_REQUEST }
  | { readonly k: typeof Kind.SNAPSHOT; readonly v: number; readonly regs: readonly RegistrationTuple[] }
  | { readonly k: typeof Kind.SESSIONS_REQUEST; readonly id: number; readonly r: string }
  | { readonly k: typeof Kind.SESSIONS; readonly id: number; readonly s: readonly SessionInfo[] }
  | { readonly k: typeof Kind.CALL; readonly id: number; readonly r: string; readonly q: RemoteCallRequest }
  | { readonly k: typeof Kind.PROGRESS; readonly id: number; readonly p: CallPayload }
  | { readonly k: typeof Kind.RESULT; readonly id: number; readonly p: CallPayload }
  | {
      readonly k: typeof Kind.ERROR;
      readonly id: number;
      readonly uri: string;
      readonly msg: string;
      readonly p: CallPayload;
    }
  | { readonly k: typeof Kind.CANCEL; readonly id: number; readonly mode: CancelMode }
  | { readonly k: typeof Kind.QUEUE_READY; readonly r: string; readonly q: string }
  /** An operator's kill of session `s` (admin API), with the reason its client is told. */
  | { readonly k: typeof Kind.KILL_REQUEST; readonly id: number; readonly s: number; readonly why: string }
  | { readonly k: typeof Kind.KILLED; readonly id: number; readonly ok: boolean }
  | { readonly k: typeof Kind.VIEWS_REQUEST; readonly id: number }
  | { readonly k: typeof Kind.VIEWS; readonly id: number; readonly v: readonly RealmSnapshot[] }
);

/** The envelope of one kind, as a port's handler receives it. */
export type EnvelopeOf<K extends Envelope['k']> = Extract<Envelope, { readonly k: K }>;

/** An envelope without its sender, which the node link fills in when sending. */
export type Outgoing = Envelope extends infer E ? (E extends Envelope ? Omit<E, 'n'> : never) : never;

const KINDS: ReadonlySet<unknown> = new Set(Object.values(Kind));

/**
 * One writer and one reader for every message (issue 13: a new Encoder per message, with its own
 * 2 KB buffer, was a tenth of a publishing node's work). Both are stateless between calls, and a
 * call made while another runs gets a writer (or a reader) of its own. The writer writes what
 * the library's Encoder with ignoreUndefined writes (an absent optional field stays absent, not
 * null), the reader reads what its Decoder reads, both quicker (msgpack-writer.ts, msgpack-reader.ts).
 */
const writer = new MsgpackWriter();
const reader = new MsgpackReader();

/**
 * The bytes of a value, in the encoder's own buffer: valid only until the next encode, so the
 * caller copies them at once (the publish batch, a queue entry) instead of the encoder.
 */
export function encodeShared(value: unknown): Uint8Array {
  return writer.write(value);
}

/** Decodes one MessagePack value (the queue entries' messages). */
export function decodeValue(data: Uint8Array): unknown {
  return reader.read(data);
}

/**
 * The bytes of `outgoing` signed by `nodeId` (the envelope `{ n: nodeId, ...outgoing }`, sender
 * first, without building it), valid until the next encode.
 */
export function encodeSigned(nodeId: string, outgoing: Outgoing): Uint8Array {
  return writer.writeWithFirst('n', nodeId, outgoing as unknown as Record<string, unknown>);
}

/**
 * Decodes a message from the service: one envelope, or an array of them (publish-batch.ts).
 * Throws on bytes that are neither (a foreign publisher on our channels).
 */
export function decodeEnvelopes(data: Uint8Array): Envelope | Envelope[] {
  const value = reader.read(data);
  if (!Array.isArray(value)) return checked(value);
  for (const item of value) checked(item);
  return value as Envelope[];
}

/** The first bytes of every envelope `nodeId` sends: the key `n` and its value, first in the map. */
export function senderBytes(nodeId: string): Uint8Array {
  return new Encoder().encode({ n: nodeId }).subarray(1);
}

/**
 * Whether `data` is a batch (an array of envelopes) whose first envelope starts with `sender`
 * (senderBytes): a node's own batch, recognised without decoding it. Envelopes start with their
 * map header (fixmap, or map16 for 16 keys and more).
 */
export function isBatchFrom(data: Uint8Array, sender: Uint8Array): boolean {
  const first = data[0] as number;
  let at: number;
  if (first >= 0x90 && first <= 0x9f) at = 1;
  else if (first === 0xdc) at = 3;
  else if (first === 0xdd) at = 5;
  else return false;
  at += data[at] === 0xde ? 3 : 1;
  if (at + sender.length > data.length) return false;
  for (let i = 0; i < sender.length; i++) if (data[at + i] !== sender[i]) return false;
  return true;
}

function checked(value: unknown): Envelope {
  const envelope = value as Partial<Envelope> | null;
  if (typeof envelope !== 'object' || envelope === null || typeof envelope.n !== 'string' || !KINDS.has(envelope.k)) {
    throw new EngineError('JNC_ERR_ENGINE_ENVELOPE');
  }
  return envelope as Envelope;
}
