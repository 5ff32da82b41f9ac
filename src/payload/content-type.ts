/**
 * Content types (RFC 9110 §8.3 media types) as payloads use them: which ones a value already
 * implies, and how a body is read (JSON, text and its charset) by protocols that carry bytes.
 */

/** Content types every payload already implies: text, JSON and bytes need no label. */
export const IMPLIED_TYPES: ReadonlySet<string> = new Set([
  'text/plain',
  'application/json',
  'application/octet-stream',
]);

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
const TEXT_TYPE = /^text\//i;
const CHARSET = /;\s*charset=["']?([\w-]+)["']?/i;

/** The media type without parameters, lower-cased: `text/plain` for `Text/Plain; charset=utf-8`. */
export function essenceOf(contentType: string): string {
  return contentType.split(';', 1)[0]?.trim().toLowerCase() ?? '';
}

/** Whether a content type adds information (`image/png`, `text/csv`; not `text/plain;charset=utf-8`). */
export function tellsMore(contentType: string | undefined): contentType is string {
  return contentType !== undefined && !IMPLIED_TYPES.has(essenceOf(contentType));
}

/** `application/json` or a structured `+json` type (`application/vnd.x+json`), any parameters. */
export function isJsonType(contentType: string | undefined): contentType is string {
  return contentType !== undefined && JSON_TYPE.test(contentType);
}

/** Any `text/*` type. */
export function isTextType(contentType: string | undefined): contentType is string {
  return contentType !== undefined && TEXT_TYPE.test(contentType);
}

/** The `charset` parameter, as written (`latin1`, `UTF-8`), or undefined. */
export function charsetOf(contentType: string): string | undefined {
  return CHARSET.exec(contentType)?.[1];
}

/** The content type with its `charset` parameter replaced (only when it has one). */
export function withCharset(contentType: string, charset: string): string {
  return contentType.replace(CHARSET, `;charset=${charset}`);
}
