/**
 * One realm: an isolated namespace with its own topics, queues, procedures and sessions. A realm
 * created on first use is forgotten once `empty`; its tables report when they shrink (`onShrink`)
 * so the router can look.
 */
import { Dealer } from './calls/dealer.js';
import { ProcedureTable } from './calls/procedure-table.js';
import type { RouterContext } from './context.js';
import { QueueTable } from './queues/queue-table.js';
import { TopicTable } from './topics/topic-table.js';
import type { RealmView, SessionInfo } from './types.js';

export class Realm {
  readonly name: string;
  readonly topics: TopicTable;
  readonly queues: QueueTable;
  readonly procedures: ProcedureTable;
  /** Routes calls to callees on this node or another. */
  readonly dealer: Dealer;
  readonly view: RealmView;
  readonly #sessions = new Map<number, SessionInfo>();

  /** `onShrink` runs when a queue or a registration went away: the realm may be empty now. */
  constructor(name: string, context: RouterContext, onShrink: () => void = () => {}) {
    this.name = name;
    this.topics = new TopicTable(name, context);
    this.queues = new QueueTable(name, context, onShrink);
    this.procedures = new ProcedureTable(
      context.nextRegistrationId,
      (procedure, match, invoke, on) => {
        if (on) context.engine.calls.addRegistration(name, procedure, match, invoke);
        else {
          context.engine.calls.removeRegistration(name, procedure, match);
          onShrink();
        }
      },
      context.events.registrations,
    );
    this.dealer = new Dealer(name, context, this.procedures);
    this.view = {
      name,
      sessions: () => [...this.#sessions.values()],
      subscriptions: () => this.topics.subscriptions(),
      matchSubscriptions: (topic) => this.topics.matchSubscriptions(topic),
      registrations: () => this.procedures.registrations(),
      matchRegistration: (procedure) => this.procedures.matchRegistration(procedure),
      queues: () => this.queues.queues(),
      queuedBytes: () => this.queues.bytes,
    };
  }

  /** Nothing left to keep: no sessions, subscriptions, registrations or queues (with messages or consumers). */
  get empty(): boolean {
    return this.#sessions.size === 0 && this.topics.size === 0 && this.procedures.size === 0 && this.queues.size === 0;
  }

  hasSession(id: number): boolean {
    return this.#sessions.has(id);
  }

  addSession(info: SessionInfo): void {
    this.#sessions.set(info.id, info);
  }

  removeSession(id: number): void {
    this.#sessions.delete(id);
  }
}
