/** HTTP helpers for the admin API tests: Basic and Bearer headers, JSON requests. */

export const basic = (authid: string, secret: string): string =>
  `Basic ${Buffer.from(`${authid}:${secret}`).toString('base64')}`;

export const bearer = (token: string): string => `Bearer ${token}`;

export interface AdminResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

/** One request to the broker's HTTP side (`url` is its ws:// URL); the body is parsed as JSON. */
export async function adminRequest(
  url: string,
  path: string,
  options: { authorization?: string; method?: string; body?: unknown; rawBody?: string } = {},
): Promise<AdminResponse> {
  const headers: Record<string, string> = {};
  if (options.authorization !== undefined) headers.authorization = options.authorization;
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${url.replace(/^ws/, 'http')}${path}`, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    ...(body !== undefined && { body }),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON (the page): the text as is.
  }
  return { status: response.status, headers: response.headers, body: parsed };
}
