/** Driver lookup by target name. */
import { jsonRpcDriver } from './jsonrpc.js';
import { relayDriver } from './relay.js';
import { stompDriver } from './stomp.js';
import type { Driver } from './types.js';
import { wampJsonDriver, wampMsgpackDriver } from './wamp.js';

export type DriverName = 'stomp' | 'rabbitmq-stomp' | 'wamp.2.json' | 'wamp.2.msgpack' | 'jsonrpc' | 'relay';

export function driver(name: DriverName): Driver {
  switch (name) {
    case 'stomp':
      return stompDriver();
    case 'rabbitmq-stomp':
      return stompDriver({ login: 'guest', passcode: 'guest', host: '/' });
    case 'wamp.2.json':
      return wampJsonDriver();
    case 'wamp.2.msgpack':
      return wampMsgpackDriver();
    case 'jsonrpc':
      return jsonRpcDriver();
    case 'relay':
      return relayDriver();
  }
}
