/**
 * The registrations of one realm: pattern registrations (exact, prefix, wildcard) with shared
 * registration invoke policies (WAMP Advanced Profile).
 *
 * Resolution precedence (WAMP pattern-based registration): exact > longest prefix > wildcard.
 * Among several matching wildcard patterns the one with the most literal segments wins, ties go
 * to the earliest registration (the spec leaves this open; Crossbar picks the first match).
 */
import type { LifecycleChannel } from '../lifecycle-events.js';
import { type IndexedPattern, PatternIndex } from '../patterns/pattern-index.js';
import {
  isMatchPolicy,
  isReservedTopic,
  literalSegments,
  reachesReserved,
  validatePattern,
  validateTopic,
} from '../patterns/topic-pattern.js';
import {
  type CalleeHandler,
  ErrorUri,
  type InterruptHandler,
  type InvokePolicy,
  type MatchPolicy,
  type Registration,
  type RegistrationEvent,
  type RegistrationSnapshot,
  RouterError,
  type SessionInfo,
} from '../types.js';

/** An invocation in flight on a callee, told when the callee goes away. */
export interface PendingInvocation {
  calleeGone(): void;
}

/** One callee handle on a registration. */
export interface Callee {
  readonly session: SessionInfo;
  readonly handler: CalleeHandler;
  /** Told when a call it runs is canceled, times out or loses its caller. */
  readonly interrupt: InterruptHandler | undefined;
  readonly handle: Registration;
  readonly pending: Set<PendingInvocation>;
  nextInvocationId: number;
  active: boolean;
}

interface RegistrationEntry extends IndexedPattern {
  readonly id: number;
  readonly invoke: InvokePolicy;
  readonly created: string;
  readonly callees: Callee[];
  /** Literal segment count, for wildcard precedence. */
  readonly literals: number;
  readonly order: number;
  roundRobin: number;
}

/** Told when a (procedure, match) gains its first callee or loses its last (the engine announces it). */
export type RegistrationListener = (pattern: string, match: MatchPolicy, invoke: InvokePolicy, on: boolean) => void;

const INVOKE_POLICIES: ReadonlySet<string> = new Set(['single', 'roundrobin', 'random', 'first', 'last']);

export class ProcedureTable {
  readonly #index = new PatternIndex<RegistrationEntry>();
  readonly #nextId: () => number;
  readonly #listener: RegistrationListener | undefined;
  readonly #events: LifecycleChannel<RegistrationEvent> | undefined;
  #order = 0;

  constructor(nextId: () => number, listener?: RegistrationListener, events?: LifecycleChannel<RegistrationEvent>) {
    this.#nextId = nextId;
    this.#listener = listener;
    this.#events = events;
  }

  /** Registrations (distinct procedure and match) in the realm. */
  get size(): number {
    return this.#index.size;
  }

  /**
   * Adds a callee. Throws RouterError `invalid_uri`, `invalid_argument`, or
   * `procedure_already_exists` when the procedure is registered with `single` or another policy.
   */
  register(
    session: SessionInfo,
    procedure: string,
    options: { match: MatchPolicy; invoke: InvokePolicy },
    handler: CalleeHandler,
    interrupt: InterruptHandler | undefined,
    onGone: (handle: Registration) => void,
  ): Registration {
    const entry = this.#entryFor(procedure, options.match, options.invoke);
    // Built only when a meta API listens (WAMP registration meta events).
    const announce = this.#events?.listening === true && {
      created: entry.callees.length === 0,
      first: !entry.callees.some((c) => c.session.id === session.id),
    };
    const callee: Callee = {
      session,
      handler,
      interrupt,
      pending: new Set(),
      nextInvocationId: 1,
      active: true,
      handle: {
        id: entry.id,
        procedure,
        match: entry.match,
        invoke: entry.invoke,
        unregister: () => {
          if (!callee.active) return;
          this.#remove(entry, callee);
          onGone(callee.handle);
        },
      },
    };
    entry.callees.push(callee);
    if (announce) {
      if (announce.created) this.#announce('create', session, entry);
      if (announce.first) this.#announce('register', session, entry);
    }
    return callee.handle;
  }

  /** The callee a call to `procedure` goes to, by precedence then invoke policy. */
  route(procedure: string): Callee | undefined {
    const entry = this.#resolve(procedure);
    return entry && pick(entry);
  }

  registrations(): RegistrationSnapshot[] {
    return [...this.#index.values()].map(snapshot);
  }

  matchRegistration(procedure: string): RegistrationSnapshot | undefined {
    const entry = this.#resolve(procedure);
    return entry && snapshot(entry);
  }

  #entryFor(procedure: string, match: MatchPolicy, invoke: InvokePolicy): RegistrationEntry {
    checkRegistration(procedure, match, invoke);
    const existing = this.#index.get(procedure, match);
    if (existing === undefined) {
      const entry: RegistrationEntry = {
        id: this.#nextId(),
        pattern: procedure,
        match,
        invoke,
        created: new Date().toISOString(),
        callees: [],
        literals: match === 'wildcard' ? literalSegments(procedure) : 0,
        order: this.#order++,
        roundRobin: 0,
      };
      this.#index.add(entry);
      this.#listener?.(procedure, match, invoke, true);
      return entry;
    }
    // WAMP shared registration: `single` admits one callee; others must agree on the policy.
    if (invoke === 'single' || existing.invoke !== invoke) {
      throw new RouterError(
        ErrorUri.PROCEDURE_ALREADY_EXISTS,
        `Procedure "${procedure}" is already registered (invoke ${existing.invoke})`,
      );
    }
    return existing;
  }

  #resolve(procedure: string): RegistrationEntry | undefined {
    if (validateTopic(procedure) !== undefined) return undefined;
    let exact: RegistrationEntry | undefined;
    let prefix: RegistrationEntry | undefined;
    let wildcard: RegistrationEntry | undefined;
    const reserved = isReservedTopic(procedure);
    this.#index.match(procedure, (entry) => {
      if (!reachesReserved(entry.pattern, entry.match, reserved)) return;
      if (entry.match === 'exact') exact = entry;
      else if (entry.match === 'prefix') {
        if (prefix === undefined || entry.pattern.length > prefix.pattern.length) prefix = entry;
      } else if (wildcard === undefined || moreSpecific(entry, wildcard)) wildcard = entry;
    });
    return exact ?? prefix ?? wildcard;
  }

  #remove(entry: RegistrationEntry, callee: Callee): void {
    callee.active = false;
    entry.callees.splice(entry.callees.indexOf(callee), 1);
    const listening = this.#events?.listening === true;
    if (listening && !entry.callees.some((c) => c.session.id === callee.session.id)) {
      this.#announce('unregister', callee.session, entry);
    }
    if (entry.callees.length === 0) {
      this.#index.delete(entry);
      this.#listener?.(entry.pattern, entry.match, entry.invoke, false);
      if (listening) this.#announce('delete', callee.session, entry);
    }
    const pending = [...callee.pending];
    callee.pending.clear();
    for (const invocation of pending) invocation.calleeGone();
  }

  #announce(kind: RegistrationEvent['kind'], session: SessionInfo, entry: RegistrationEntry): void {
    const { id, pattern: procedure, match, invoke, created } = entry;
    this.#events?.emit({ kind, session, registration: { id, procedure, match, invoke, created } });
  }
}

/** Throws RouterError `invalid_argument` or `invalid_uri` for a registration that cannot be. */
function checkRegistration(procedure: string, match: MatchPolicy, invoke: InvokePolicy): void {
  if (!isMatchPolicy(match)) {
    throw new RouterError(ErrorUri.INVALID_ARGUMENT, `Unknown match policy ${String(match)}`);
  }
  if (!INVOKE_POLICIES.has(invoke)) throw new RouterError(ErrorUri.INVALID_ARGUMENT, `Unknown invoke policy ${invoke}`);
  const invalid = validatePattern(procedure, match);
  if (invalid !== undefined) {
    throw new RouterError(ErrorUri.INVALID_URI, `Invalid procedure "${procedure}": ${invalid}`);
  }
}

function moreSpecific(a: RegistrationEntry, b: RegistrationEntry): boolean {
  return a.literals > b.literals || (a.literals === b.literals && a.order < b.order);
}

function pick(entry: RegistrationEntry): Callee {
  const { callees } = entry;
  switch (entry.invoke) {
    case 'last':
      return callees[callees.length - 1]!;
    case 'random':
      return callees[Math.floor(Math.random() * callees.length)]!;
    case 'roundrobin': {
      const index = entry.roundRobin % callees.length;
      entry.roundRobin = index + 1;
      return callees[index]!;
    }
    default:
      return callees[0]!;
  }
}

function snapshot(entry: RegistrationEntry): RegistrationSnapshot {
  return {
    id: entry.id,
    procedure: entry.pattern,
    match: entry.match,
    invoke: entry.invoke,
    created: entry.created,
    callees: [...new Set(entry.callees.map((callee) => callee.session.id))],
  };
}
