/**
 * WAMP v2 messages: the type codes, one typed shape per message (WAMP RFC "Messages"), validated
 * parsing of a decoded list into a discriminated union, and the reverse.
 */
import { type CallPayload, hasKeys, isRecord, jsonListTail, type Payload } from '../../src/plugin/index.js';

export type { Payload };

/** Message type codes (WAMP MS L248-290). */
export const MessageCode = {
  HELLO: 1,
  WELCOME: 2,
  ABORT: 3,
  CHALLENGE: 4,
  AUTHENTICATE: 5,
  GOODBYE: 6,
  ERROR: 8,
  PUBLISH: 16,
  PUBLISHED: 17,
  SUBSCRIBE: 32,
  SUBSCRIBED: 33,
  UNSUBSCRIBE: 34,
  UNSUBSCRIBED: 35,
  EVENT: 36,
  CALL: 48,
  CANCEL: 49,
  RESULT: 50,
  REGISTER: 64,
  REGISTERED: 65,
  UNREGISTER: 66,
  UNREGISTERED: 67,
  INVOCATION: 68,
  INTERRUPT: 69,
  YIELD: 70,
} as const;

export type MessageName = keyof typeof MessageCode;
type FieldKind = 'id' | 'uri' | 'dict' | 'int' | 'string';
/** An Options or Details dictionary. */
export type Dict = Readonly<Record<string, unknown>>;
interface KindType {
  id: number;
  uri: string;
  dict: Dict;
  int: number;
  string: string;
}

/** Field layout per message; `payload` marks messages ending in optional Arguments, ArgumentsKw (MS). */
const SHAPES = {
  HELLO: {
    fields: [
      ['realm', 'uri'],
      ['details', 'dict'],
    ],
  },
  WELCOME: {
    fields: [
      ['session', 'id'],
      ['details', 'dict'],
    ],
  },
  ABORT: {
    fields: [
      ['details', 'dict'],
      ['reason', 'uri'],
    ],
    payload: true,
  },
  CHALLENGE: {
    fields: [
      ['authMethod', 'string'],
      ['extra', 'dict'],
    ],
  },
  AUTHENTICATE: {
    fields: [
      ['signature', 'string'],
      ['extra', 'dict'],
    ],
  },
  GOODBYE: {
    fields: [
      ['details', 'dict'],
      ['reason', 'uri'],
    ],
  },
  ERROR: {
    fields: [
      ['requestType', 'int'],
      ['request', 'id'],
      ['details', 'dict'],
      ['error', 'uri'],
    ],
    payload: true,
  },
  PUBLISH: {
    fields: [
      ['request', 'id'],
      ['options', 'dict'],
      ['topic', 'uri'],
    ],
    payload: true,
  },
  PUBLISHED: {
    fields: [
      ['request', 'id'],
      ['publication', 'id'],
    ],
  },
  SUBSCRIBE: {
    fields: [
      ['request', 'id'],
      ['options', 'dict'],
      ['topic', 'uri'],
    ],
  },
  SUBSCRIBED: {
    fields: [
      ['request', 'id'],
      ['subscription', 'id'],
    ],
  },
  UNSUBSCRIBE: {
    fields: [
      ['request', 'id'],
      ['subscription', 'id'],
    ],
  },
  UNSUBSCRIBED: { fields: [['request', 'id']] },
  EVENT: {
    fields: [
      ['subscription', 'id'],
      ['publication', 'id'],
      ['details', 'dict'],
    ],
    payload: true,
  },
  CALL: {
    fields: [
      ['request', 'id'],
      ['options', 'dict'],
      ['procedure', 'uri'],
    ],
    payload: true,
  },
  CANCEL: {
    fields: [
      ['request', 'id'],
      ['options', 'dict'],
    ],
  },
  RESULT: {
    fields: [
      ['request', 'id'],
      ['details', 'dict'],
    ],
    payload: true,
  },
  REGISTER: {
    fields: [
      ['request', 'id'],
      ['options', 'dict'],
      ['procedure', 'uri'],
    ],
  },
  REGISTERED: {
    fields: [
      ['request', 'id'],
      ['registration', 'id'],
    ],
  },
  UNREGISTER: {
    fields: [
      ['request', 'id'],
      ['registration', 'id'],
    ],
  },
  UNREGISTERED: { fields: [['request', 'id']] },
  INVOCATION: {
    fields: [
      ['request', 'id'],
      ['registration', 'id'],
      ['details', 'dict'],
    ],
    payload: true,
  },
  INTERRUPT: {
    fields: [
      ['request', 'id'],
      ['options', 'dict'],
    ],
  },
  YIELD: {
    fields: [
      ['request', 'id'],
      ['options', 'dict'],
    ],
    payload: true,
  },
} as const satisfies Record<MessageName, { fields: readonly (readonly [string, FieldKind])[]; payload?: true }>;

type Fields<F extends readonly (readonly [string, FieldKind])[]> = {
  readonly [E in F[number] as E[0]]: KindType[E[1]];
};
// The optional application payload is never present as an empty list or dict (MS L290-316).
type MessageOf<K extends MessageName> = { readonly type: K } & Fields<(typeof SHAPES)[K]['fields']> &
  ((typeof SHAPES)[K] extends { payload: true } ? CallPayload : Record<never, never>);

/** Any WAMP message, discriminated by `type`. */
export type WampMessage = { [K in MessageName]: MessageOf<K> }[MessageName];
/** The message of one type. */
export type MessageOfType<K extends MessageName> = Extract<WampMessage, { type: K }>;

export type ParseResult =
  | { readonly ok: true; readonly message: WampMessage }
  | { readonly ok: false; readonly reason: string };

const MAX_ID = 2 ** 53;
const NAME_BY_CODE = new Map<unknown, MessageName>(
  Object.entries(MessageCode).map(([name, code]) => [code, name as MessageName]),
);
// WAMP MS "Extensibility": option and detail keys; implementation-specific keys start with "_".
const DICT_KEY = /^(?:[a-z][a-z0-9_]{2,}|_[a-z0-9_]{3,})$/;

/** Whether a value is a WAMP id: an integer in [1, 2^53] (WAMP BB L96). */
export function isId(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_ID;
}

function checkField(kind: FieldKind, value: unknown): string | undefined {
  switch (kind) {
    case 'id':
      return isId(value) ? undefined : 'an id in [1, 2^53]';
    case 'uri':
      return typeof value === 'string' ? undefined : 'a URI string';
    case 'string':
      return typeof value === 'string' ? undefined : 'a string';
    case 'int':
      return typeof value === 'number' && Number.isInteger(value) ? undefined : 'an integer';
    case 'dict':
      if (!isRecord(value)) return 'a dict';
      // A loop, not Object.keys: most dicts on the hot path (CALL options, YIELD options) are empty.
      for (const key in value) if (!DICT_KEY.test(key)) return 'a dict with valid keys';
      return undefined;
  }
}

/** Adds Arguments and ArgumentsKw from `value[start]` on; a reason when they are malformed. */
function readPayload(value: readonly unknown[], start: number, message: Record<string, unknown>): string | undefined {
  const count = value.length - start;
  if (count > 2) return 'too many elements';
  if (count === 0) return undefined;
  const args = value[start];
  if (!Array.isArray(args)) return 'Arguments must be a list';
  if (args.length > 0) message.args = args;
  if (count === 1) return undefined;
  const kwargs = value[start + 1];
  if (!isRecord(kwargs)) return 'ArgumentsKw must be a dict';
  if (hasKeys(kwargs)) message.kwargs = kwargs;
  return undefined;
}

/** The `format` of an EncodedPayload holding WAMP JSON text. */
export const WAMP_JSON = 'wamp.2.json';

/** Messages whose payload is kept as received text (CALL → INVOCATION, YIELD → RESULT). */
const KEEPS_TEXT: ReadonlySet<MessageName> = new Set(['CALL', 'YIELD']);

/**
 * Keeps the payload text of a CALL or YIELD received as WAMP JSON `text`, when it is exactly what
 * `payloadElements` would write (no empty Arguments or ArgumentsKw to drop).
 */
function keepText(message: Record<string, unknown>, value: readonly unknown[], fixed: number, text: string): void {
  const elements = value.length - fixed;
  const written = message.kwargs !== undefined ? 2 : message.args !== undefined ? 1 : 0;
  if (elements === 0 || elements !== written) return;
  const kept = jsonListTail(text, fixed);
  if (kept !== undefined) message.encoded = { format: WAMP_JSON, text: kept };
}

/**
 * Validates a decoded value as one WAMP message (WAMP MS items: list, known code, typed fields).
 * `text`: the WAMP JSON it was decoded from, to keep a CALL's or YIELD's payload as text.
 */
export function parseMessage(value: unknown, text?: string): ParseResult {
  if (!Array.isArray(value) || value.length === 0) return { ok: false, reason: 'a message must be a non-empty list' };
  const name = NAME_BY_CODE.get(value[0]);
  if (name === undefined) return { ok: false, reason: `unknown message type ${String(value[0])}` };
  const shape: { fields: readonly (readonly [string, FieldKind])[]; payload?: true } = SHAPES[name];
  if (value.length < shape.fields.length + 1) return { ok: false, reason: `${name} is too short` };
  const message: Record<string, unknown> = { type: name };
  const fields = shape.fields;
  for (let index = 0; index < fields.length; index++) {
    const [field, kind] = fields[index] as readonly [string, FieldKind];
    const problem = checkField(kind, value[index + 1]);
    if (problem !== undefined) return { ok: false, reason: `${name}.${field} must be ${problem}` };
    message[field] = value[index + 1];
  }
  const rest = value.length - fields.length - 1;
  if (shape.payload === true) {
    const problem = readPayload(value, fields.length + 1, message);
    if (problem !== undefined) return { ok: false, reason: `${name}: ${problem}` };
    if (text !== undefined && KEEPS_TEXT.has(name)) keepText(message, value, fields.length + 1, text);
  } else if (rest > 0 && !(name === 'UNSUBSCRIBED' && rest === 1 && isRecord(value[fields.length + 1]))) {
    // UNSUBSCRIBED may carry Details when the router revokes a subscription (Advanced Profile).
    return { ok: false, reason: `${name} has too many elements` };
  }
  return { ok: true, message: message as unknown as WampMessage };
}

/** Appends a payload the way the spec wants it: no empty Arguments or ArgumentsKw (MS L290-316). */
export function payloadElements(payload: Payload): unknown[] {
  if (hasKeys(payload.kwargs)) return [payload.args ?? [], payload.kwargs];
  return payload.args !== undefined && payload.args.length > 0 ? [payload.args] : [];
}

/** The list form of a message, ready for a serializer. */
export function toWire(message: WampMessage): unknown[] {
  const shape: { fields: readonly (readonly [string, FieldKind])[]; payload?: true } = SHAPES[message.type];
  const record = message as unknown as Record<string, unknown>;
  const wire: unknown[] = [MessageCode[message.type]];
  for (const [field] of shape.fields) wire.push(record[field]);
  if (shape.payload !== true) return wire;
  const { args, kwargs } = message as Payload;
  if (hasKeys(kwargs)) wire.push(args ?? [], kwargs);
  else if (args !== undefined && args.length > 0) wire.push(args);
  return wire;
}
