/**
 * JSON Schema contracts on topics and procedures (docs/contracts.md): a publish whose payload
 * breaks its topic's schema is refused before delivery, a call whose arguments break its
 * procedure's `params` schema is refused before the callee runs, and a result that breaks
 * `result` reaches the caller as `junction.error.invalid_result`.
 *
 * Schemas compile once, when the contract is declared. A publish or call with no contract costs
 * one counter test when the broker has no contracts of that kind, else a PatternIndex lookup.
 */
import type { Ajv } from 'ajv';
import { createAjv, formatSchemaErrors, type Validator } from '../common/schema.js';
import { JunctionError } from '../errors/index.js';
import type { PayloadContracts, ProcedureChecks } from '../router/contract-hooks.js';
import { type IndexedPattern, PatternIndex } from '../router/patterns/pattern-index.js';
import { isReservedTopic } from '../router/patterns/topic-pattern.js';
import { type CallPayload, ErrorUri, type MatchPolicy, type PublishInput, RouterError } from '../router/types.js';
import {
  type ContractDefinition,
  type ContractOptions,
  defaultMatch,
  definitionProblem,
  type JsonSchema,
  patternProblem,
} from './definition.js';
import { argumentsValue, schemaValue } from './schema-view.js';

export type { ContractDefinition, ContractOptions, ContractSchemas, JsonSchema } from './definition.js';
export { definitionProblem, schemaProblems } from './definition.js';

/** A declared contract; `remove()` lifts it (idempotent). */
export interface Contract {
  readonly pattern: string;
  readonly match: MatchPolicy;
  readonly realm: string | undefined;
  remove(): void;
}

/** Error URIs of contract refusals. */
export const ContractErrorUri = {
  /** A publish or a call's arguments broke the contract. */
  INVALID_ARGUMENT: ErrorUri.INVALID_ARGUMENT,
  /** A callee's result broke the procedure's `result` schema. */
  INVALID_RESULT: ErrorUri.INVALID_RESULT,
} as const;

/** A contract that cannot be declared: bad pattern, invalid JSON Schema, duplicate. */
export class ContractError extends JunctionError {
  constructor(message: string) {
    super('JNC_ERR_CONTRACT_INVALID', [message]);
    this.name = 'ContractError';
  }
}

/** Checks one payload sent to `name`; returns the error to answer with, or undefined when it passes. */
export type PayloadCheck = (payload: CallPayload, name: string) => RouterError | undefined;

/** Which payload a schema checks: it decides what the schema sees and the error URI. */
export type SchemaKind = 'publish' | 'params' | 'result';

interface KindRules {
  /** What the schema validates (docs/contracts.md "What a schema sees"). */
  readonly view: (payload: CallPayload) => unknown;
  readonly uri: string;
  /** Start of the error message, before the topic or procedure name. */
  readonly what: string;
}

const RULES: Readonly<Record<SchemaKind, KindRules>> = {
  publish: { view: schemaValue, uri: ErrorUri.INVALID_ARGUMENT, what: 'Invalid payload for' },
  params: { view: argumentsValue, uri: ErrorUri.INVALID_ARGUMENT, what: 'Invalid arguments for' },
  result: { view: schemaValue, uri: ContractErrorUri.INVALID_RESULT, what: 'Invalid result of' },
};

interface TopicEntry extends IndexedPattern {
  readonly check: PayloadCheck;
}

interface ProcedureEntry extends IndexedPattern {
  readonly params: PayloadCheck | undefined;
  readonly result: PayloadCheck | undefined;
}

/** The contracts of one realm, or of every realm. */
class Scope {
  readonly topics = new PatternIndex<TopicEntry>();
  readonly procedures = new PatternIndex<ProcedureEntry>();
}

export class ContractRegistry implements PayloadContracts {
  readonly #ajv: Ajv;
  readonly #everyRealm = new Scope();
  readonly #realms = new Map<string, Scope>();
  #topics = 0;
  #procedures = 0;

  constructor(ajv: Ajv = createAjv()) {
    this.#ajv = ajv;
  }

  /** Number of declared topic and procedure contracts. */
  get size(): number {
    return this.#topics + this.#procedures;
  }

  /** Declares a contract. Throws ContractError for a bad pattern, schema or a duplicate. */
  add(pattern: string, options: ContractOptions, label = `Contract "${pattern}"`): Contract {
    const { publish, params, result, realm } = options;
    if (publish === undefined && params === undefined && result === undefined) {
      throw new ContractError(`${label}: needs a publish, params or result schema`);
    }
    const match = options.match ?? defaultMatch(pattern);
    const invalid = patternProblem(pattern, match);
    if (invalid !== undefined) throw new ContractError(`${label}: ${invalid}`);
    const scope = this.#scope(realm);
    if (publish !== undefined && scope.topics.get(pattern, match) !== undefined) {
      throw new ContractError(`${label}: topic ${pattern} (${match}) already has a contract`);
    }
    if ((params ?? result) !== undefined && scope.procedures.get(pattern, match) !== undefined) {
      throw new ContractError(`${label}: procedure ${pattern} (${match}) already has a contract`);
    }
    const topic = publish === undefined ? undefined : { pattern, match, check: this.#publishCheck(publish, label) };
    const procedure =
      params === undefined && result === undefined
        ? undefined
        : {
            pattern,
            match,
            params: params === undefined ? undefined : this.compile(params, 'params', label),
            result: result === undefined ? undefined : this.compile(result, 'result', label),
          };
    return this.#install(scope, topic, procedure, realm);
  }

  /** Declares a contract in its config form; `label` names it in errors (`contracts[2]`). */
  define(definition: ContractDefinition, label: string): Contract {
    const problem = definitionProblem(definition);
    if (problem !== undefined) throw new ContractError(`${label}: ${problem}`);
    const pattern = (definition.topic ?? definition.procedure) as string;
    return this.add(pattern, definition, `${label} (${definition.topic ? 'topic' : 'procedure'} ${pattern})`);
  }

  /**
   * Compiles a schema checking one kind of payload.
   * Throws ContractError naming `label` when the schema is not valid JSON Schema.
   */
  compile(schema: JsonSchema, kind: SchemaKind, label: string): PayloadCheck {
    let validate: Validator<unknown>;
    try {
      validate = this.#ajv.compile(schema);
    } catch (err) {
      throw new ContractError(`${label}: ${kind}: invalid JSON Schema: ${(err as Error).message}`);
    }
    const { view, uri, what } = RULES[kind];
    return (payload, name) => (validate(view(payload)) ? undefined : refusal(uri, `${what} ${name}`, validate));
  }

  checkPublish(realm: string, input: PublishInput): void {
    // Reserved topics are the broker's own (meta events, replies that carry results): not publishes.
    if (this.#topics === 0 || isReservedTopic(input.topic)) return;
    let error: RouterError | undefined;
    const visit = (entry: TopicEntry): void => {
      error ??= entry.check(input, input.topic);
    };
    this.#everyRealm.topics.match(input.topic, visit);
    this.#realms.get(realm)?.topics.match(input.topic, visit);
    if (error !== undefined) throw error;
  }

  procedure(realm: string, procedure: string): ProcedureChecks | undefined {
    if (this.#procedures === 0) return undefined;
    const found: ProcedureEntry[] = [];
    const visit = (entry: ProcedureEntry): void => void found.push(entry);
    this.#everyRealm.procedures.match(procedure, visit);
    this.#realms.get(realm)?.procedures.match(procedure, visit);
    if (found.length === 0) return undefined;
    return {
      params: (payload) => firstError(found, (entry) => entry.params?.(payload, procedure)),
      result: (payload) => firstError(found, (entry) => entry.result?.(payload, procedure)),
    };
  }

  #publishCheck(schema: JsonSchema, label: string): PayloadCheck {
    return this.compile(schema, 'publish', label);
  }

  #install(scope: Scope, topic: TopicEntry | undefined, procedure: ProcedureEntry | undefined, realm?: string) {
    const entry = (topic ?? procedure) as IndexedPattern;
    if (topic !== undefined) {
      scope.topics.add(topic);
      this.#topics++;
    }
    if (procedure !== undefined) {
      scope.procedures.add(procedure);
      this.#procedures++;
    }
    let removed = false;
    return {
      pattern: entry.pattern,
      match: entry.match,
      realm,
      remove: () => {
        if (removed) return;
        removed = true;
        if (topic !== undefined) {
          scope.topics.delete(topic);
          this.#topics--;
        }
        if (procedure !== undefined) {
          scope.procedures.delete(procedure);
          this.#procedures--;
        }
      },
    } satisfies Contract;
  }

  #scope(realm: string | undefined): Scope {
    if (realm === undefined) return this.#everyRealm;
    let scope = this.#realms.get(realm);
    if (scope === undefined) {
      scope = new Scope();
      this.#realms.set(realm, scope);
    }
    return scope;
  }
}

/**
 * `<what>: /path must ...` as message and sole argument; `kwargs.errors` lists each failure as
 * `{path, keyword, message, params}` (ajv's instancePath, keyword, message and params).
 */
function refusal(uri: string, what: string, validate: Validator<unknown>): RouterError {
  const message = `${what}: ${formatSchemaErrors(validate.errors)}`;
  const errors = (validate.errors ?? []).map((error) => ({
    path: error.instancePath || '/',
    keyword: error.keyword,
    message: error.message ?? 'is invalid',
    params: error.params,
  }));
  return new RouterError(uri, message, { args: [message], kwargs: { errors } });
}

function firstError<E>(entries: readonly E[], check: (entry: E) => RouterError | undefined): RouterError | undefined {
  for (const entry of entries) {
    const error = check(entry);
    if (error !== undefined) return error;
  }
  return undefined;
}
