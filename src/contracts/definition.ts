/**
 * How a contract is declared: its schemas, its pattern and match policy, and the config form
 * (`{"topic": ..., "publish": ...}` or `{"procedure": ..., "params": ..., "result": ...}`), with
 * the checks that name what is wrong before anything is compiled.
 */
import type { Ajv } from 'ajv';
import { formatSchemaErrors } from '../common/schema.js';
import { isMatchPolicy, isWildSegment, validatePattern } from '../router/patterns/topic-pattern.js';
import type { MatchPolicy } from '../router/types.js';

/** A JSON Schema (draft-07, as ajv compiles it by default): an object, or `true`/`false`. */
export type JsonSchema = Readonly<Record<string, unknown>> | boolean;

/** The schemas of a contract: `publish` applies to topics, `params` and `result` to procedures. */
export interface ContractSchemas {
  readonly publish?: JsonSchema;
  readonly params?: JsonSchema;
  readonly result?: JsonSchema;
}

/** `junction.contract(pattern, options)`: schemas plus how the pattern matches and where. */
export interface ContractOptions extends ContractSchemas {
  /** Default: `wildcard` when the pattern has a `*`, `#` or empty segment, else `exact`. */
  readonly match?: MatchPolicy;
  /** The realm the contract applies to. Default: every realm. */
  readonly realm?: string;
}

/** A contract as the config file and `JunctionOptions.contracts` write it. */
export interface ContractDefinition extends ContractOptions {
  /** A topic pattern; with `publish`. */
  readonly topic?: string;
  /** A procedure pattern; with `params` and/or `result`. */
  readonly procedure?: string;
}

/** `wildcard` when the pattern has a `*`, `#` or empty segment, else `exact`. */
export function defaultMatch(pattern: string): MatchPolicy {
  return typeof pattern === 'string' && pattern.split('.').some(isWildSegment) ? 'wildcard' : 'exact';
}

/** Why the pattern is not valid for the policy, or undefined. */
export function patternProblem(pattern: string, match: MatchPolicy): string | undefined {
  if (!isMatchPolicy(match)) return `unknown match policy ${String(match)}`;
  const invalid = validatePattern(pattern, match);
  return invalid === undefined ? undefined : `invalid ${match} pattern "${pattern}": ${invalid}`;
}

/**
 * Why a contract in config form cannot be declared (its schemas aside), or undefined: it names
 * either a topic (with `publish`) or a procedure (with `params` and/or `result`), with a valid pattern.
 */
export function definitionProblem(definition: ContractDefinition): string | undefined {
  const { topic, procedure, publish, params, result } = definition;
  if ((topic === undefined) === (procedure === undefined)) return 'names either a "topic" or a "procedure"';
  if (topic !== undefined) {
    if (publish === undefined) return 'a topic contract needs a "publish" schema';
    if (params !== undefined || result !== undefined) return '"params" and "result" are for procedure contracts';
  } else {
    if (params === undefined && result === undefined) return 'a procedure contract needs a "params" or "result" schema';
    if (publish !== undefined) return '"publish" is for topic contracts';
  }
  const pattern = (topic ?? procedure) as string;
  return patternProblem(pattern, definition.match ?? defaultMatch(pattern));
}

/**
 * Why the schemas of a contract in config form are not valid JSON Schema (checked against the
 * meta-schema, without compiling), with paths under `root` (`/contracts/0`); undefined when valid.
 */
export function schemaProblems(ajv: Ajv, definition: ContractDefinition, root: string): string | undefined {
  const problems: string[] = [];
  for (const key of ['publish', 'params', 'result'] as const) {
    const schema = definition[key];
    if (schema !== undefined && !ajv.validateSchema(schema)) {
      problems.push(formatSchemaErrors(ajv.errors, `${root}/${key}`));
    }
  }
  return problems.length === 0 ? undefined : problems.join('; ');
}
