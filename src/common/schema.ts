/**
 * JSON Schema validation with ajv: one instance per broker, schemas compiled once, errors that
 * name the offending path (`/limits/maxPayload must be >= 1024`).
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

export type Validator<T> = ValidateFunction<T>;

/** A fresh ajv instance configured the way Junction validates everything. */
export function createAjv(): Ajv {
  return new Ajv({ allErrors: true, strict: false, useDefaults: false });
}

/** `"/path/to/field must be ..."` for each error, joined with "; ". */
export function formatSchemaErrors(errors: readonly ErrorObject[] | null | undefined, root = ''): string {
  if (!errors || errors.length === 0) return 'invalid';
  return errors
    .map((error) => {
      const extra =
        error.keyword === 'additionalProperties'
          ? ` '${(error.params as { additionalProperty: string }).additionalProperty}'`
          : '';
      return `${root}${error.instancePath || '/'} ${describe(error)}${extra}`;
    })
    .join('; ');
}

/** ajv's message, except that an `enum` error lists the values it allows. */
function describe(error: ErrorObject): string {
  if (error.keyword !== 'enum') return error.message ?? 'is invalid';
  const allowed = (error.params as { allowedValues: readonly unknown[] }).allowedValues;
  return `must be one of ${allowed.map((value) => (typeof value === 'string' ? value : JSON.stringify(value))).join(', ')}`;
}
