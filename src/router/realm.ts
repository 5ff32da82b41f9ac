/**
 * One realm: an isolated namespace with its own topics, queues, procedures and sessions.
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

  constructor(name: string, context: RouterContext) {
    this.name = name;
    this.topics = new TopicTable(name, context);
    this.queues = new QueueTable(name, context);
    this.procedures = new ProcedureTable(
      context.nextRegistrationId,
      (procedure, match, invoke, on) => {
        if (on) context.engine.calls.addRegistration(name, procedure, match, invoke);
        else context.engine.calls.removeRegistration(name, procedure, match);
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
    };
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
