/**
 * The WAMP v2 router module: Basic profile plus the Advanced features listed in docs/wamp.md,
 * over wamp.2.json, wamp.2.msgpack and wamp.2.cbor.
 *
 * @example
 * const junction = createJunction({ protocols: [wamp({ strictUris: true })] });
 */
import type { ProtocolPlugin } from '../../src/plugin/index.js';
import { isWampJsonHello } from './detect.js';
import { EventEncoder } from './event-encoder.js';
import { MetaApi } from './meta.js';
import { resolveOptions, type WampOptions, wampOptionsSchema } from './options.js';
import { createSerializers, WAMP_TOKENS } from './serializers/index.js';
import { WampSession } from './session.js';

export type { AuthMethod, WampCraUser, WampOptions } from './options.js';
export { WAMP_TOKENS } from './serializers/index.js';
export { WampUri } from './uris.js';

/** Creates the WAMP protocol plugin. */
export function wamp(options: WampOptions = {}): ProtocolPlugin<WampOptions> {
  const resolved = resolveOptions(options);
  const serializers = createSerializers();
  const events = new EventEncoder();
  let meta: MetaApi | undefined;
  return {
    name: 'wamp',
    tokens: WAMP_TOKENS,
    optionsSchema: wampOptionsSchema,
    options,
    // DESIGN: WAMP takes the client's first offered serializer (offered is in client order).
    selectToken: (offered) => offered.find((token) => serializers.has(token)) ?? WAMP_TOKENS[0],
    // Without a token, a JSON HELLO as the first message still means WAMP (over wamp.2.json).
    detect: isWampJsonHello,
    setup(context) {
      // The plugin's own `adminRoles` wins; without it, the broker's (one notion of "admin").
      const adminRoles = options.adminRoles ?? context.adminRoles;
      meta = new MetaApi(context, { ...resolved, adminRoles });
    },
    createSession(connection, context) {
      const serializer = serializers.get(context.token ?? '') ?? serializers.get(WAMP_TOKENS[0])!;
      return new WampSession({ connection, context, serializer, options: resolved, events, meta });
    },
  };
}
