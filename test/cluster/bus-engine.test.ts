/** Every port's contract, single- and multi-node parts, on nodes sharing the in-process bus. */
import { callsContract } from './calls.contract.js';
import { busHarness } from './harness.js';
import { lifecycleContract } from './lifecycle.contract.js';
import { queuesContract } from './queues.contract.js';
import { sessionsContract } from './sessions.contract.js';
import { topicsContract } from './topics.contract.js';

topicsContract(busHarness);
callsContract(busHarness);
queuesContract(busHarness);
sessionsContract(busHarness);
lifecycleContract(busHarness);
