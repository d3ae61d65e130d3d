import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    // System packages (Chromium, CUPS) are checked once; a missing one fails the run with a clear message.
    globalSetup: ['test/support/system-requirements.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The machines have 2 cores; e2e and print tests share one CUPS, so files run one at a time.
    fileParallelism: false,
  },
});
