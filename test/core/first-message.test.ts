import { describe, expect, it } from 'vitest';
import { jsonrpc } from '../../protocols/jsonrpc/index.js';
import { stomp } from '../../protocols/stomp/index.js';
import { wamp } from '../../protocols/wamp/index.js';
import { defineProtocol } from '../../src/plugin/types.js';
import { detectPlugin, detectsFirstMessage } from '../../src/server/first-message.js';

const fallback = jsonrpc();
const plugins = [stomp(), wamp(), fallback];
const bytes = (text: string) => new TextEncoder().encode(text);

/** [first message, plugin it goes to] */
const table: [string | Uint8Array, string][] = [
  ['CONNECT\naccept-version:1.2\nhost:realm1\n\n\0', 'stomp'],
  ['STOMP\naccept-version:1.2\n\n\0', 'stomp'],
  ['CONNECT\r\naccept-version:1.1\r\n\r\n\0', 'stomp'],
  ['\n\r\n\nCONNECT\n\n\0', 'stomp'],
  [bytes('CONNECT\nlogin:ann\n\n\0'), 'stomp'],
  ['CONNECTED\n\n\0', 'jsonrpc'],
  ['CONNECTX\n\n\0', 'jsonrpc'],
  ['SEND\ndestination:/topic/a\n\n\0', 'jsonrpc'],
  ['connect\n\n\0', 'jsonrpc'],
  ['[1,"realm1",{"roles":{"subscriber":{}}}]', 'wamp'],
  [' \n[ 1 , "realm1", {}]', 'wamp'],
  ['[16,1,{},"chat"]', 'jsonrpc'],
  ['[10,"realm1",{}]', 'jsonrpc'],
  [bytes('[1,"realm1",{}]'), 'jsonrpc'],
  ['{"jsonrpc":"2.0","id":1,"method":"ping"}', 'jsonrpc'],
  ['[{"jsonrpc":"2.0","id":1,"method":"ping"}]', 'jsonrpc'],
  ['not json at all', 'jsonrpc'],
  ['', 'jsonrpc'],
  [new Uint8Array([0xff, 0x00]), 'jsonrpc'],
];

describe('detectPlugin', () => {
  it.each(table)('[first-message detection] %j goes to %s', (first, expected) => {
    expect(detectPlugin(first, plugins, fallback).name).toBe(expected);
  });

  it('asks plugins in registration order', () => {
    const greedy = defineProtocol({
      name: 'greedy',
      tokens: ['g.v1'],
      detect: () => true,
      createSession: () => ({ onMessage() {} }),
    });
    expect(detectPlugin('CONNECT\n\n\0', [greedy, ...plugins], fallback).name).toBe('greedy');
    expect(detectPlugin('CONNECT\n\n\0', [...plugins, greedy], fallback).name).toBe('stomp');
  });

  it('treats a detect that throws as declining', () => {
    const broken = defineProtocol({
      name: 'broken',
      tokens: ['b.v1'],
      detect: () => {
        throw new Error('bug');
      },
      createSession: () => ({ onMessage() {} }),
    });
    expect(detectPlugin('CONNECT\n\n\0', [broken, ...plugins], fallback).name).toBe('stomp');
  });
});

describe('detectsFirstMessage', () => {
  it('holds token-less connections only when some plugin besides the fallback detects', () => {
    expect(detectsFirstMessage(plugins, fallback)).toBe(true);
    expect(detectsFirstMessage([fallback], fallback)).toBe(false);
  });
});
