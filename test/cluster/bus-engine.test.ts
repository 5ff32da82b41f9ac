import { engineContract } from './engine.contract.js';
import { livenessContract } from './engine-liveness.contract.js';
import { busHarness } from './harness.js';

engineContract('bus', busHarness);
livenessContract('bus', busHarness);
