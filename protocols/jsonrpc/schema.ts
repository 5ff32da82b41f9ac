/**
 * The module's validators, built on the core's ajv configuration (src/schema.ts). Every
 * validator is compiled once, when the module loads, never per message.
 */
import type { ValidateFunction } from 'ajv';
import { createAjv, formatSchemaErrors } from '../../src/plugin/index.js';

const ajv = createAjv();

/** Compiles a JSON Schema into a type guard. */
export function compile<T>(schema: object): ValidateFunction<T> {
  return ajv.compile<T>(schema);
}

/** ajv's errors as one readable line naming the path, e.g. "params/0 must be string". */
export function describeErrors(errors: ValidateFunction['errors'], root: string): string {
  return formatSchemaErrors(errors, root);
}
