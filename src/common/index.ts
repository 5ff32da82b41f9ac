/**
 * Room `common`: small helpers every room may use (ids, the logger and its aggregation of repeated
 * lines, the ajv configuration).
 * Imports no other room of src/.
 */
export { createSequence, randomId } from './ids.js';
export { createLogger, type LogFormat, type Logger, type LogLevel } from './logger.js';
export { RepeatedLines, type RepeatLevel } from './repeated-lines.js';
export { createAjv, formatSchemaErrors, type Validator } from './schema.js';
