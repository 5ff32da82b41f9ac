/** Every port's contract, single- and multi-node parts, on a real Redis: fails, never skips, without one. */
import { callsContract } from './calls.contract.js';
import { redisHarness } from './harness.js';
import { lifecycleContract } from './lifecycle.contract.js';
import { queuesContract } from './queues.contract.js';
import { failWithoutRedis, REDIS_URL, redisAnswers } from './redis-available.js';
import { sessionsContract } from './sessions.contract.js';
import { topicsContract } from './topics.contract.js';

if (await redisAnswers(REDIS_URL)) {
  const redis = redisHarness(REDIS_URL);
  topicsContract(redis);
  callsContract(redis);
  queuesContract(redis);
  sessionsContract(redis);
  lifecycleContract(redis);
} else failWithoutRedis('redis engine contracts');
