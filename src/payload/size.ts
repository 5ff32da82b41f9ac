/**
 * The size of a message's content in bytes, as a bound counts it (queued bytes per realm): binary
 * values by their length, strings by their UTF-16 length (what they occupy is at least that), 8
 * per number, and header names and values. An estimate, not an encoding: no JSON is built. The
 * walk keeps its own stack, so a deeply nested value cannot overflow the call stack.
 */
import type { MessageContent } from './types.js';

/** What a number, boolean or null is counted as. */
const SCALAR_BYTES = 8;

/** Bytes of args, kwargs (keys included), headers and content type. */
export function contentBytes(content: MessageContent): number {
  let bytes = content.contentType?.length ?? 0;
  for (const [name, value] of Object.entries(content.headers)) bytes += name.length + value.length;
  const pending: unknown[] = [];
  if (content.args !== undefined) pending.push(content.args);
  if (content.kwargs !== undefined) pending.push(content.kwargs);
  for (let value = pending.pop(); value !== undefined || pending.length > 0; value = pending.pop()) {
    if (typeof value === 'string') bytes += value.length;
    else if (ArrayBuffer.isView(value)) bytes += value.byteLength;
    else if (Array.isArray(value)) {
      for (const item of value) pending.push(item);
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        bytes += key.length;
        pending.push(item);
      }
    } else bytes += SCALAR_BYTES;
  }
  return bytes;
}
