/**
 * One realm: an isolated namespace with its own topics, queues, procedures and sessions.
 */
import { ClusterDealer } from './cluster-dealer.js';
import type { RouterContext } from './options.js';
import { ProcedureTable } from './procedures.js';
import type { QueueSnapshot } from './queue.js';
import { QueueManager } from './queues.js';
import { TopicBroker } from './topics.js';
import type { RealmView, SessionInfo } from './types.js';

/** The contract's RealmView plus queue snapshots (queues are not a WAMP concept). */
export interface JunctionRealmView extends RealmView {
  /** Queues that hold messages or consumers. */
  queues(): readonly QueueSnapshot[];
}

export class Realm {
  readonly name: string;
  readonly topics: TopicBroker;
  readonly queues: QueueManager;
  readonly procedures: ProcedureTable;
  /** Chooses between local callees and callees on other nodes. */
  readonly dealer: ClusterDealer;
  readonly view: JunctionRealmView;
  readonly #sessions = new Map<number, SessionInfo>();

  constructor(name: string, context: RouterContext) {
    this.name = name;
    this.topics = new TopicBroker(name, context);
    this.queues = new QueueManager(name, context);
    this.procedures = new ProcedureTable(context.nextRegistrationId, (procedure, match, invoke, on) => {
      if (on) context.engine.addRegistration(name, procedure, match, invoke);
      else context.engine.removeRegistration(name, procedure, match);
    });
    this.dealer = new ClusterDealer(name, context.engine, this.procedures);
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
