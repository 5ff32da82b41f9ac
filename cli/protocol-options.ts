/**
 * Checks `protocols.<name>` of the config file against the options schema each built-in plugin
 * exports, so an error names the full path (`/protocols/stomp/maxFrameSize`) at config time
 * instead of surfacing later as a plugin registration error without the `/protocols/stomp` part.
 */
import { jsonrpc } from '../protocols/jsonrpc/index.js';
import { stomp } from '../protocols/stomp/index.js';
import { wamp } from '../protocols/wamp/index.js';
import { createAjv, formatSchemaErrors } from '../src/common/schema.js';

const ajv = createAjv();
const validators = Object.entries({ stomp: stomp(), wamp: wamp(), jsonrpc: jsonrpc() }).map(
  ([name, plugin]) => [name, ajv.compile(plugin.optionsSchema ?? {})] as const,
);

/** The first problem found in `protocols`, with full paths; undefined when every section is valid. */
export function protocolOptionsProblem(protocols: Readonly<Record<string, unknown>> | undefined): string | undefined {
  for (const [name, validate] of validators) {
    const options = protocols?.[name];
    if (options !== undefined && !validate(options)) return formatSchemaErrors(validate.errors, `/protocols/${name}`);
  }
  return undefined;
}
