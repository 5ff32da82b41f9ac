import { describe, expect, it } from 'vitest';
import { jsonrpc } from '../../protocols/jsonrpc/index.js';
import { stomp } from '../../protocols/stomp/index.js';
import { wamp } from '../../protocols/wamp/index.js';
import { defineProtocol } from '../../src/plugin/types.js';
import { negotiate } from '../../src/server/negotiation.js';

const plugins = [stomp(), wamp(), jsonrpc()];
const chat = defineProtocol({ name: 'chat', tokens: ['chat.v1'], createSession: () => ({ onMessage() {} }) });

/** [offered header, expected plugin name, expected echoed token] */
const accepted: [string | undefined, string, string | null][] = [
  [undefined, 'jsonrpc', null],
  ['v12.stomp', 'stomp', 'v12.stomp'],
  ['v10.stomp', 'stomp', 'v10.stomp'],
  ['v10.stomp, v12.stomp, v11.stomp', 'stomp', 'v12.stomp'],
  ['v11.stomp,v10.stomp', 'stomp', 'v11.stomp'],
  ['wamp.2.json', 'wamp', 'wamp.2.json'],
  ['wamp.2.msgpack, wamp.2.json', 'wamp', 'wamp.2.msgpack'],
  ['wamp.2.cbor, wamp.2.msgpack, wamp.2.json', 'wamp', 'wamp.2.cbor'],
  ['wamp.2.json, wamp.2.cbor', 'wamp', 'wamp.2.json'],
  ['jsonrpc', 'jsonrpc', 'jsonrpc'],
  ['jsonrpc-2.0', 'jsonrpc', 'jsonrpc-2.0'],
  ['json-rpc', 'jsonrpc', 'json-rpc'],
  ['foo.v1, wamp.2.json', 'wamp', 'wamp.2.json'],
  // Server preference across plugins: STOMP is registered before WAMP, whatever the client's order.
  ['wamp.2.json, v12.stomp', 'stomp', 'v12.stomp'],
  ['jsonrpc, wamp.2.msgpack', 'wamp', 'wamp.2.msgpack'],
];

/** [offered header, HTTP status, text the error must contain] */
const refused: [string, number, string][] = [
  ['foo.v1', 400, 'v12.stomp, v11.stomp, v10.stomp, wamp.2.json, wamp.2.msgpack, wamp.2.cbor, jsonrpc'],
  ['foo.v1, bar', 400, 'supported'],
  ['wamp.2.json, wamp.2.json', 400, 'duplicated'],
  ['', 400, 'Malformed'],
  ['v12.stomp,,wamp.2.json', 400, 'Malformed'],
  [' v12.stomp', 400, 'Malformed'],
  ['v12.stomp; q=1', 400, 'Malformed'],
  ['v12.stomp, wamp.2.json"', 400, 'Malformed'],
];

describe('negotiate', () => {
  it.each(accepted)('selects for offer %j: plugin %s, token %j', (header, name, token) => {
    const result = negotiate(header, plugins);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.selection.plugin.name).toBe(name);
    expect(result.selection.token).toBe(token);
  });

  it.each(refused)('refuses offer %j with HTTP %i', (header, status, text) => {
    const result = negotiate(header, plugins);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.httpStatus).toBe(status);
    expect(result.error.message).toContain(text);
  });

  it('refuses a client without a token when no plugin is the fallback', () => {
    const result = negotiate(undefined, [chat]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain('chat.v1');
  });

  it('lets a custom plugin share the table with the built-in ones', () => {
    const result = negotiate('chat.v1', [...plugins, chat]);
    expect(result.ok && result.selection.plugin.name).toBe('chat');
  });

  it('refuses a hostile whitespace header (CVE-2021-32640 shape) with a scan, not a regex', () => {
    const result = negotiate(`b${' '.repeat(65_000)}x`, plugins);
    expect(result.ok).toBe(false);
  });
});
