/**
 * Room `contracts`: JSON Schema contracts on topics and procedures (docs/contracts.md), compiled
 * with ajv and consulted by the router through its PayloadContracts port. May import the router
 * (its vocabulary and pattern index), `payload`, `common` and `errors`; never the server.
 */
export {
  type Contract,
  type ContractDefinition,
  ContractError,
  ContractErrorUri,
  type ContractOptions,
  ContractRegistry,
  type ContractSchemas,
  definitionProblem,
  type JsonSchema,
  type PayloadCheck,
  schemaProblems,
} from './registry.js';
