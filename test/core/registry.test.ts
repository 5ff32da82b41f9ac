import { describe, expect, it } from 'vitest';
import { createAjv } from '../../src/common/schema.js';
import { defineProtocol, type ProtocolPlugin } from '../../src/plugin/types.js';
import { createRegistry } from '../../src/server/plugin-registry.js';

const session = () => ({ onMessage() {} });
const plugin = (fields: Partial<ProtocolPlugin>): ProtocolPlugin =>
  defineProtocol({ name: 'p', tokens: ['p.v1'], createSession: session, ...fields });

describe('createRegistry', () => {
  it('keeps the registration order, which is the server preference', () => {
    const registry = createRegistry(
      [plugin({ name: 'a', tokens: ['a'] }), plugin({ name: 'b', tokens: ['b'] })],
      createAjv(),
    );
    expect(registry.map((p) => p.name)).toEqual(['a', 'b']);
  });

  it('rejects a token claimed by two plugins', () => {
    expect(() => createRegistry([plugin({ name: 'a' }), plugin({ name: 'b' })], createAjv())).toThrow(
      'Subprotocol token p.v1 is claimed by both a and b',
    );
  });

  it('rejects a second fallback plugin', () => {
    const plugins = [
      plugin({ name: 'a', tokens: ['a'], fallback: true }),
      plugin({ name: 'b', tokens: ['b'], fallback: true }),
    ];
    expect(() => createRegistry(plugins, createAjv())).toThrow('Plugins a and b both declare fallback: true');
  });

  it('rejects a plugin without createSession or with an invalid token', () => {
    expect(() => createRegistry([{ name: 'x', tokens: ['x'] } as unknown as ProtocolPlugin], createAjv())).toThrow(
      'createSession must be a function',
    );
    expect(() => createRegistry([plugin({ tokens: ['has space'] })], createAjv())).toThrow('valid HTTP tokens');
  });

  it('validates plugin options against the plugin schema, naming the path', () => {
    const withSchema = plugin({
      optionsSchema: {
        type: 'object',
        properties: { limits: { type: 'object', properties: { maxBatch: { type: 'integer', minimum: 1 } } } },
      },
      options: { limits: { maxBatch: 0 } },
    });
    expect(() => createRegistry([withSchema], createAjv())).toThrow(
      'Invalid options for protocol plugin p: /limits/maxBatch must be >= 1',
    );
  });
});
