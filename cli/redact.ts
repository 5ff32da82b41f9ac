/** Removes secrets from a configuration before it is printed (`junction print-config`). */

/** Keys whose values are credentials wherever they appear (auth.users, auth.tokens, wampcraUsers, ...). */
const SECRET_KEY = /^(secret|passcode|password|token|sha256)$/i;
export const REDACTED = '[redacted]';

/** A deep copy of `value` with every secret replaced by "[redacted]". */
export function redact(value: unknown, key = ''): unknown {
  if (SECRET_KEY.test(key) && value !== undefined) return REDACTED;
  if (Array.isArray(value)) return value.map((item) => redact(item));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, redact(item, name)]));
  }
  if (key === 'redis' && typeof value === 'string') return redactUrlPassword(value);
  return value;
}

/** `redis://user:pass@host` carries a password in the URL. */
function redactUrlPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password === '') return url;
    parsed.password = 'redacted'; // brackets would be percent-encoded in a URL
    return parsed.toString();
  } catch {
    return url;
  }
}
