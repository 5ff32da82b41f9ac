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
  /** The role this target plays in ratios. */
  readonly role: 'limit' | 'limit-plain' | 'junction' | 'rabbitmq';
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
  rabbitmq: {
    name: 'RabbitMQ Web-STOMP',
    externalUrl: 'ws://127.0.0.1:15674/ws',
    driver: 'rabbitmq-stomp',
    role: 'rabbitmq',
  },
} satisfies Record<string, Target>;
