/**
 * Room `payload`: the message shape every protocol maps to and from (a WAMP-shaped `Payload` of
 * args and kwargs, headers, a content type) and the helpers each protocol would otherwise write
 * again: the one-value rule in both directions, record tests, binary values in JSON, content
 * types, a depth-bounded walk, nesting limits checked before decoding and encoding once per message. Protocols reach it through the plugin API entry
 * (src/plugin/index.ts). May import only `common` and `errors`.
 */
export {
  BINARY_PREFIX,
  base64ToBytes,
  binaryAsBase64,
  bytesToBase64,
  containsBinary,
  reviveBinary,
  stringifyWithBinary,
} from './binary.js';
export {
  charsetOf,
  essenceOf,
  IMPLIED_TYPES,
  isJsonType,
  isTextType,
  tellsMore,
  withCharset,
} from './content-type.js';
export { jsonNestsDeeper } from './depth.js';
export { jsonListTail } from './json-list-tail.js';
export { oncePerMessage } from './once-per-message.js';
export {
  type FromOneValueOptions,
  fromEnvelope,
  fromOneValue,
  type OneValueOptions,
  type PayloadShape,
  payloadShape,
  toOneValue,
} from './one-value.js';
export { hasKeys, isRecord } from './records.js';
export type { MessageContent, MessageHeaders, Payload } from './types.js';
export { mapValues, PayloadDepthError, type ValueMapper } from './walk.js';
