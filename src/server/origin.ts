/**
 * The firm handshake (DESIGN.md trust model): a browser sends `Origin`, and a page on another
 * site must not ride its user's cookies or network position into the broker. Without an
 * `allowedOrigins` list only the broker's own origin is accepted; `["*"]` opts into every origin;
 * a request without `Origin` (a non-browser client) is not a cross-site request and passes.
 */

const DEFAULT_PORTS: Readonly<Record<string, string>> = { 'http:': '80', 'https:': '443' };

/** `host[:port]` of a Host header, IPv6 literals in brackets; undefined when it cannot be read. */
function splitHost(header: string): { name: string; port: string | undefined } | undefined {
  const match = /^(\[[^\]]+\]|[^:[\]]+)(?::(\d+))?$/.exec(header.trim());
  return match === null ? undefined : { name: (match[1] as string).toLowerCase(), port: match[2] };
}

/**
 * Whether `origin` is the origin the request was sent to: same host and port as its `Host`
 * header, each side's port defaulting to its scheme's (80 for http, 443 for https).
 */
export function isSameOrigin(origin: string, host: string | undefined): boolean {
  if (host === undefined) return false;
  let url: URL;
  try {
    url = new URL(origin); // "null" (sandboxed frames, file: pages) is not a URL: refused
  } catch {
    return false;
  }
  const defaultPort = DEFAULT_PORTS[url.protocol];
  const target = splitHost(host);
  if (defaultPort === undefined || target === undefined) return false;
  return url.hostname.toLowerCase() === target.name && (url.port || defaultPort) === (target.port ?? defaultPort);
}

/** Whether a request with this `Origin` may upgrade, under `allowedOrigins` (absent: same origin only). */
export function originAllowed(
  origin: string | undefined,
  host: string | undefined,
  allowedOrigins: readonly string[] | undefined,
): boolean {
  if (origin === undefined) return true;
  if (allowedOrigins === undefined) return isSameOrigin(origin, host);
  return allowedOrigins.includes('*') || allowedOrigins.includes(origin);
}
