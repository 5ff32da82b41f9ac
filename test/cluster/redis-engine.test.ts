import { describe } from 'vitest';
import { needs } from '../helpers/needs.js';
import { engineContract } from './engine.contract.js';
import { livenessContract } from './engine-liveness.contract.js';
import { redisHarness } from './harness.js';
import { REDIS_URL } from './redis-available.js';

// The contracts register their own describe blocks; an outer one lets a missing Redis skip them all.
describe.skipIf(!(await needs('redis on 127.0.0.1:6379')))(`redis engine at ${REDIS_URL}`, () => {
  engineContract('redis', redisHarness(REDIS_URL));
  livenessContract('redis', redisHarness(REDIS_URL));
});
