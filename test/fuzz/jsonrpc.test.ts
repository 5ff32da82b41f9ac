/**
 * The JSON-RPC slice of `npm run fuzz` (issue 12): 2,000 seeded inputs through its envelope decoder and
 * 2,000 over live sessions, against a broker in this process with bystander sessions in every
 * protocol. A failure prints the seed and path to replay with
 * `npm run fuzz -- --target <name> --seed N --path P`; a failing seed becomes a regression test.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SEED, runFuzz } from '../../fuzz/engine.js';

describe('fuzzing JSON-RPC (single and batch)', () => {
  it('survives 2,000 inputs per codec and 2,000 over live sessions: no 1011, no crash or error logged, bystanders served', async () => {
    const results = await runFuzz({ protocols: ['jsonrpc'], count: 2000, seed: DEFAULT_SEED });
    const codec = results.filter((r) => r.target.includes('codec'));
    const live = results.filter((r) => !r.target.includes('codec'));
    for (const r of codec) expect(r.inputs, r.target).toBe(2000);
    expect(live.reduce((sum, r) => sum + r.inputs, 0)).toBeGreaterThanOrEqual(2000);
  }, 120_000);
});
