/**
 * Where a call goes when other nodes have callees too: this node's registration or another
 * node's, by the dealer's precedence (exact > longest prefix > most literal wildcard). When both
 * hold the same shared registration, the invoke policy spans nodes: `roundrobin` rotates over
 * the nodes (this one counts as one), `random` picks a node at random, and `single`, `first`
 * and `last` prefer this node (the order of registrations across nodes is not known exactly).
 */

import { literalSegments } from '../patterns/topic-pattern.js';
import type { Engine, RemoteRegistration } from '../ports.js';
import { ErrorUri, type InvokePolicy, type MatchPolicy, RouterError } from '../types.js';
import type { ProcedureTable } from './procedure-table.js';

/** The call runs on this node. */
export const LOCAL = Symbol('local');

interface PatternRef {
  readonly procedure: string;
  readonly match: MatchPolicy;
}

const RANK: Record<MatchPolicy, number> = { exact: 3, prefix: 2, wildcard: 1 };

export class NodeChoice {
  readonly #realm: string;
  readonly #engine: Engine;
  readonly #table: ProcedureTable;
  readonly #rotation = new Map<string, number>();

  constructor(realm: string, engine: Engine, table: ProcedureTable) {
    this.#realm = realm;
    this.#engine = engine;
    this.#table = table;
  }

  /**
   * Throws RouterError `procedure_already_exists` when another node holds (procedure, match)
   * with `single`, or with another invoke policy (WAMP shared registration, cluster-wide as far
   * as this node knows: two nodes registering at the same moment can both succeed).
   */
  checkRegister(procedure: string, match: MatchPolicy, invoke: InvokePolicy): void {
    const remote = this.#engine.calls.registration(this.#realm, procedure, match);
    if (remote === undefined || (invoke !== 'single' && remote.invoke === invoke)) return;
    throw new RouterError(
      ErrorUri.PROCEDURE_ALREADY_EXISTS,
      `Procedure "${procedure}" is already registered on another node (invoke ${remote.invoke})`,
    );
  }

  /** LOCAL, the id of the node to call, or undefined when no node has a callee. */
  target(procedure: string): typeof LOCAL | string | undefined {
    const remote = this.#engine.calls.route(this.#realm, procedure);
    // Single node (or nothing elsewhere): the local dealer decides, as before clustering.
    if (remote === undefined) return LOCAL;
    const local = this.#table.matchRegistration(procedure);
    if (local === undefined) return this.#pick(remote, false);
    const order = specificity(local, remote);
    if (order !== 0) return order > 0 ? LOCAL : this.#pick(remote, false);
    const shared = local.procedure === remote.procedure && local.match === remote.match;
    return shared ? this.#pick(remote, true) : LOCAL;
  }

  #pick(remote: RemoteRegistration, withLocal: boolean): typeof LOCAL | string | undefined {
    const nodes: readonly (typeof LOCAL | string)[] = withLocal ? [LOCAL, ...remote.nodes] : remote.nodes;
    switch (remote.invoke) {
      case 'roundrobin': {
        const key = `${remote.match}\u0000${remote.procedure}`;
        const next = (this.#rotation.get(key) ?? 0) % nodes.length;
        this.#rotation.set(key, next + 1);
        return nodes[next];
      }
      case 'random':
        return nodes[Math.floor(Math.random() * nodes.length)];
      case 'last':
        return withLocal ? LOCAL : nodes[nodes.length - 1];
      default:
        return nodes[0];
    }
  }
}

/** Positive when `a` is the more specific pattern, negative when `b` is, 0 on a tie. */
function specificity(a: PatternRef, b: PatternRef): number {
  if (a.match !== b.match) return RANK[a.match] - RANK[b.match];
  if (a.match === 'prefix') return a.procedure.length - b.procedure.length;
  if (a.match === 'wildcard') return literalSegments(a.procedure) - literalSegments(b.procedure);
  return 0;
}
