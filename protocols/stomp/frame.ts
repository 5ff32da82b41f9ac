/**
 * STOMP frame vocabulary: commands, versions and the parsed frame shape.
 * A frame is parsed once into this shape; handlers read typed header values through `header()`.
 */

/** Every STOMP command, spelled as on the wire (STOMP 1.2 "Frames and Headers"). */
export const Command = {
  CONNECT: 'CONNECT',
  STOMP: 'STOMP',
  SEND: 'SEND',
  SUBSCRIBE: 'SUBSCRIBE',
  UNSUBSCRIBE: 'UNSUBSCRIBE',
  ACK: 'ACK',
  NACK: 'NACK',
  BEGIN: 'BEGIN',
  COMMIT: 'COMMIT',
  ABORT: 'ABORT',
  DISCONNECT: 'DISCONNECT',
  CONNECTED: 'CONNECTED',
  MESSAGE: 'MESSAGE',
  RECEIPT: 'RECEIPT',
  ERROR: 'ERROR',
} as const;

export type Command = (typeof Command)[keyof typeof Command];

/** Commands a client may send. */
export type ClientCommand = Exclude<Command, 'CONNECTED' | 'MESSAGE' | 'RECEIPT' | 'ERROR'>;

/** Protocol versions, highest first (server preference). */
export const VERSIONS = ['1.2', '1.1', '1.0'] as const;
export type StompVersion = (typeof VERSIONS)[number];

/** Headers in wire order; lookups return the first occurrence (STOMP 1.2 "Repeated Header Entries"). */
export type HeaderList = readonly (readonly [name: string, value: string])[];

/** One parsed or to-be-serialized frame. */
export interface Frame {
  readonly command: string;
  readonly headers: HeaderList;
  /** Raw body octets; empty when the frame has none. */
  readonly body: Uint8Array;
}

/** A fatal decoding problem; the session answers it with ERROR and closes. */
export interface FrameError {
  readonly message: string;
  /** Name of the breached limit, when a limit caused it (`maxFrameSize`, `maxHeaders`, ...). */
  readonly limit?: string;
}

const EMPTY = new Uint8Array(0);

/** Builds a frame; `body` may be a string (encoded as UTF-8). */
export function createFrame(command: string, headers: HeaderList = [], body?: Uint8Array | string): Frame {
  const bytes = body === undefined ? EMPTY : typeof body === 'string' ? new TextEncoder().encode(body) : body;
  return { command, headers, body: bytes };
}

/** The first value of header `name`, or undefined. */
export function header(frame: Frame, name: string): string | undefined {
  for (const [key, value] of frame.headers) if (key === name) return value;
  return undefined;
}

/** Whether `command` is one a client may send. */
export function isClientCommand(command: string): command is ClientCommand {
  return command in Command && !['CONNECTED', 'MESSAGE', 'RECEIPT', 'ERROR'].includes(command);
}
