/** The admin API's refusals, with the HTTP status each maps to (JSON-RPC codes on the page's socket). */
export class AdminError extends Error {
  override name = 'AdminError';
  constructor(
    readonly status: 400 | 404,
    message: string,
  ) {
    super(message);
  }
}
