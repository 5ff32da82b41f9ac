import { engineContract } from './engine.contract.js';
import { livenessContract } from './engine-liveness.contract.js';
import { redisHarness } from './harness.js';
import { failWithoutRedis, REDIS_URL, redisAnswers } from './redis-available.js';

if (await redisAnswers(REDIS_URL)) {
  engineContract('redis', redisHarness(REDIS_URL));
  livenessContract('redis', redisHarness(REDIS_URL));
} else failWithoutRedis('redis engine contract');
