/**
 * The directory of the registrations on the other nodes (this node's view), fed by their
 * announcements (channel-calls.ts) and read by the router through the call port. Each
 * node numbers its announcements; a gap (a lost message while Redis was away) or an unknown
 * node makes the receiver ask for a full snapshot, so the view converges after any outage.
 *
 * Resolution has the local dealer's precedence (WAMP pattern-based registration): exact >
 * longest prefix > the wildcard with most literal segments, ties to the earliest announced.
 */
import { PatternIndex } from '../router/patterns/pattern-index.js';
import { isReservedTopic, literalSegments, reachesReserved, validateTopic } from '../router/patterns/topic-pattern.js';
import type { RemoteRegistration } from '../router/ports.js';
import type { InvokePolicy, MatchPolicy } from '../router/types.js';
import type { RegistrationTuple } from './codec.js';

interface RemoteEntry {
  readonly pattern: string;
  readonly match: MatchPolicy;
  readonly invoke: InvokePolicy;
  readonly literals: number;
  readonly order: number;
  /** Nodes with callees, in announcement order. */
  readonly nodes: string[];
}

interface NodeRegistrations {
  version: number;
  readonly regs: Map<string, RegistrationTuple>;
}

const keyOf = ([realm, procedure, match]: RegistrationTuple) => `${realm}\u0000${match}\u0000${procedure}`;

/**
 * Routes remembered between changes of the directory, at most this many (then forgotten at once):
 * a cluster routes every call, and the same few procedures are called over and over.
 */
const MAX_ROUTES = 10_000;

/** Per realm, the other nodes' registrations by pattern, and per node what it announced. */
export class RegistrationDirectory {
  readonly #realms = new Map<string, PatternIndex<RemoteEntry>>();
  readonly #nodes = new Map<string, NodeRegistrations>();
  #order = 0;
  /** `route`'s answers by realm and procedure (null: none), valid until the next change. */
  readonly #routes = new Map<string, Map<string, RemoteRegistration | null>>();
  #routeCount = 0;

  /** The last version applied for `node`, or undefined for a node never heard of. */
  version(node: string): number | undefined {
    return this.#nodes.get(node)?.version;
  }

  /** Applies one announcement; returns false when it does not follow the last one (ask for a snapshot). */
  apply(node: string, version: number, reg: RegistrationTuple, on: boolean): boolean {
    const state = this.#nodes.get(node);
    if (state === undefined || version !== state.version + 1) return false;
    state.version = version;
    if (on) this.#add(node, state, reg);
    else this.#remove(node, state, reg);
    return true;
  }

  /** Replaces everything known about `node` by its snapshot. */
  replace(node: string, version: number, regs: readonly RegistrationTuple[]): void {
    this.removeNode(node);
    const state: NodeRegistrations = { version, regs: new Map() };
    this.#nodes.set(node, state);
    for (const reg of regs) this.#add(node, state, reg);
  }

  /** Forgets a node that left or died. */
  removeNode(node: string): void {
    const state = this.#nodes.get(node);
    if (state === undefined) return;
    for (const reg of [...state.regs.values()]) this.#remove(node, state, reg);
    this.#nodes.delete(node);
  }

  /** The registration of exactly (pattern, match) on other nodes. */
  get(realm: string, pattern: string, match: MatchPolicy): RemoteRegistration | undefined {
    const entry = this.#realms.get(realm)?.get(pattern, match);
    return entry && { procedure: entry.pattern, match: entry.match, invoke: entry.invoke, nodes: [...entry.nodes] };
  }

  /** The registration a call to `procedure` reaches on other nodes, by precedence (one shared, frozen answer). */
  route(realm: string, procedure: string): RemoteRegistration | undefined {
    const known = this.#routes.get(realm)?.get(procedure);
    if (known !== undefined) return known ?? undefined;
    const found = this.#resolve(realm, procedure);
    if (this.#routeCount >= MAX_ROUTES) this.#forgetRoutes();
    let routes = this.#routes.get(realm);
    if (routes === undefined) {
      routes = new Map();
      this.#routes.set(realm, routes);
    }
    routes.set(procedure, found ?? null);
    this.#routeCount++;
    return found;
  }

  #forgetRoutes(): void {
    this.#routes.clear();
    this.#routeCount = 0;
  }

  #resolve(realm: string, procedure: string): RemoteRegistration | undefined {
    const index = this.#realms.get(realm);
    if (index === undefined || validateTopic(procedure) !== undefined) return undefined;
    let exact: RemoteEntry | undefined;
    let prefix: RemoteEntry | undefined;
    let wildcard: RemoteEntry | undefined;
    const reserved = isReservedTopic(procedure);
    index.match(procedure, (entry) => {
      if (!reachesReserved(entry.pattern, entry.match, reserved)) return;
      if (entry.match === 'exact') exact = entry;
      else if (entry.match === 'prefix') {
        if (prefix === undefined || entry.pattern.length > prefix.pattern.length) prefix = entry;
      } else if (wildcard === undefined || moreSpecific(entry, wildcard)) wildcard = entry;
    });
    const entry = exact ?? prefix ?? wildcard;
    return (
      entry &&
      Object.freeze({
        procedure: entry.pattern,
        match: entry.match,
        invoke: entry.invoke,
        nodes: Object.freeze([...entry.nodes]),
      })
    );
  }

  #add(node: string, state: NodeRegistrations, reg: RegistrationTuple): void {
    const key = keyOf(reg);
    if (state.regs.has(key)) return;
    this.#forgetRoutes();
    state.regs.set(key, reg);
    const [realm, pattern, match, invoke] = reg;
    let index = this.#realms.get(realm);
    if (index === undefined) {
      index = new PatternIndex<RemoteEntry>();
      this.#realms.set(realm, index);
    }
    let entry = index.get(pattern, match);
    if (entry === undefined) {
      const literals = match === 'wildcard' ? literalSegments(pattern) : 0;
      entry = { pattern, match, invoke, literals, order: this.#order++, nodes: [] };
      index.add(entry);
    }
    entry.nodes.push(node);
  }

  #remove(node: string, state: NodeRegistrations, reg: RegistrationTuple): void {
    if (!state.regs.delete(keyOf(reg))) return;
    this.#forgetRoutes();
    const [realm, pattern, match] = reg;
    const index = this.#realms.get(realm);
    const entry = index?.get(pattern, match);
    if (index === undefined || entry === undefined) return;
    entry.nodes.splice(entry.nodes.indexOf(node), 1);
    if (entry.nodes.length === 0) index.delete(entry);
    if (index.size === 0) this.#realms.delete(realm);
  }
}

function moreSpecific(a: RemoteEntry, b: RemoteEntry): boolean {
  return a.literals > b.literals || (a.literals === b.literals && a.order < b.order);
}
