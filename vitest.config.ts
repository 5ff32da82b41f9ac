import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Network tests bind port 0 on loopback; the machines have 2 cores, so keep parallelism modest.
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 20_000,
    reporters: ['default'],
    // Prints one line at the end naming each missing system part (redis-server, python3-stomp,
    // python3-autobahn, chromium) whose suites were skipped, with the command that installs it.
    globalSetup: ['test/system-parts-summary.ts'],
  },
});
