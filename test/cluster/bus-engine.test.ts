import { engineContract } from './engine.contract.js';
import { busHarness } from './harness.js';

engineContract('bus', busHarness);
