/**
 * Subprotocol negotiation: a pure decision from the offered header to a plugin and token.
 * Rules (DESIGN.md "Negotiation"): plugins in registration order (server preference), each
 * choosing among its own offered tokens; no offer → the fallback plugin without a header;
 * offers but no match → 400 listing the supported tokens; malformed or duplicated → 400.
 */
import { JunctionError } from '../errors/table.js';
import type { ProtocolPlugin } from '../plugin/types.js';
import { parseSubprotocols } from './subprotocol.js';

export interface Selection {
  readonly plugin: ProtocolPlugin;
  /** The token to echo in the 101 response, or null when none was offered. */
  readonly token: string | null;
}

export type NegotiationResult =
  | { readonly ok: true; readonly selection: Selection }
  | { readonly ok: false; readonly error: JunctionError };

/** All tokens of all plugins, in server preference order. */
export function supportedTokens(plugins: readonly ProtocolPlugin[]): string[] {
  return plugins.flatMap((plugin) => plugin.tokens);
}

/**
 * Chooses the plugin for an upgrade request.
 * @param header the raw `Sec-WebSocket-Protocol` value, undefined when absent
 */
export function negotiate(header: string | undefined, plugins: readonly ProtocolPlugin[]): NegotiationResult {
  const supported = supportedTokens(plugins).join(', ');
  if (header === undefined) {
    const fallback = plugins.find((plugin) => plugin.fallback);
    if (fallback) return { ok: true, selection: { plugin: fallback, token: null } };
    return { ok: false, error: new JunctionError('JNC_ERR_NEGOTIATION_NO_FALLBACK', [supported]) };
  }
  let offered: string[];
  try {
    offered = parseSubprotocols(header);
  } catch (err) {
    return { ok: false, error: new JunctionError('JNC_ERR_NEGOTIATION_MALFORMED', [(err as Error).message]) };
  }
  for (const plugin of plugins) {
    const mine = offered.filter((token) => plugin.tokens.includes(token));
    if (mine.length === 0) continue;
    const token = plugin.selectToken ? plugin.selectToken(mine) : preferredToken(plugin, mine);
    if (mine.includes(token)) return { ok: true, selection: { plugin, token } };
  }
  return { ok: false, error: new JunctionError('JNC_ERR_NEGOTIATION_NO_MATCH', [supported]) };
}

/** The plugin's own preference order decides by default. */
function preferredToken(plugin: ProtocolPlugin, offered: readonly string[]): string {
  return plugin.tokens.find((token) => offered.includes(token)) ?? (offered[0] as string);
}
