/**
 * Every port's contract, single- and multi-node parts, on a real Redis. Without Redis on 6379 the
 * suite is skipped loudly (and fails under JUNCTION_REQUIRE_ALL, as in CI).
 */
import { describe } from 'vitest';
import { needs } from '../helpers/needs.js';
import { callsContract } from './calls.contract.js';
import { redisHarness } from './harness.js';
import { lifecycleContract } from './lifecycle.contract.js';
import { queuesContract } from './queues.contract.js';
import { REDIS_URL } from './redis-available.js';
import { sessionsContract } from './sessions.contract.js';
import { topicsContract } from './topics.contract.js';

// The contracts register their own describe blocks; an outer one lets a missing Redis skip them all.
describe.skipIf(!(await needs('redis on 127.0.0.1:6379')))(`redis engine at ${REDIS_URL}`, () => {
  const redis = redisHarness(REDIS_URL);
  topicsContract(redis);
  callsContract(redis);
  queuesContract(redis);
  sessionsContract(redis);
  lifecycleContract(redis);
});
