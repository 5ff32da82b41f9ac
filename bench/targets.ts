/** The servers a benchmark run can target, and how to start each one. */
import type { DriverName } from './drivers/index.js';

export interface Target {
  readonly name: string;
  /** Script under dist/bench/servers and its arguments; absent for an external server. */
  readonly server?: { readonly script: string; readonly args: readonly string[] };
  /** URL of an external server (RabbitMQ). */
  readonly externalUrl?: string;
  /** Path appended to ws://127.0.0.1:<port> of a started server. */
  readonly path?: string;
  readonly driver: DriverName;
  /**
   * Junction nodes on the run's own Redis (bench/redis.ts), all on the broker's core. 2: the
   * publisher or the callers on node A, the subscribers or the callee on node B. 1: one node
   * with Redis attached, every client on it (what issue 13 measured first).
   */
  readonly cluster?: 1 | 2;
  /** The role this target plays in ratios; 'cluster' rows compare with the 'junction' row of their scenario. */
  readonly role: 'limit' | 'limit-plain' | 'junction' | 'rabbitmq' | 'cluster';
}

const junction = (driver: DriverName): Target => ({
  name: `junction ${driver}`,
  server: { script: 'junction.js', args: [] },
  driver,
  role: 'junction',
});

export const targets = {
  relayFanout: {
    name: 'ws relay',
    server: { script: 'relay.js', args: ['fanout', 'plain'] },
    driver: 'relay',
    role: 'limit-plain',
  },
  relayFanoutCork: {
    name: 'ws relay (cork)',
    server: { script: 'relay.js', args: ['fanout', 'cork'] },
    driver: 'relay',
    role: 'limit',
  },
  relayReqres: {
    name: 'ws relay',
    server: { script: 'relay.js', args: ['reqres', 'plain'] },
    driver: 'relay',
    role: 'limit-plain',
  },
  relayReqresCork: {
    name: 'ws relay (cork)',
    server: { script: 'relay.js', args: ['reqres', 'cork'] },
    driver: 'relay',
    role: 'limit',
  },
  stomp: junction('stomp'),
  wampJson: junction('wamp.2.json'),
  wampMsgpack: junction('wamp.2.msgpack'),
  jsonrpc: junction('jsonrpc'),
  wampJsonRedis: {
    name: 'junction wamp.2.json, Redis attached',
    server: { script: 'junction.js', args: [] },
    cluster: 1,
    driver: 'wamp.2.json',
    role: 'cluster',
  },
  wampJsonCluster: {
    name: 'junction wamp.2.json, 2 nodes on Redis',
    server: { script: 'junction.js', args: [] },
    cluster: 2,
    driver: 'wamp.2.json',
    role: 'cluster',
  },
  rabbitmq: {
    name: 'RabbitMQ Web-STOMP',
    externalUrl: 'ws://127.0.0.1:15674/ws',
    driver: 'rabbitmq-stomp',
    role: 'rabbitmq',
  },
} satisfies Record<string, Target>;
