import { defineConfig } from 'vitest/config';
import { PlainSummaryReporter } from './test/summary-reporter.js';

export const testConfig = defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Every fast-check property on one fixed seed (FC_SEED overrides it): see README, "Property tests".
    setupFiles: ['test/setup/fast-check-seed.ts'],
    reporters: ['default', new PlainSummaryReporter()],
  },
});

export default testConfig;
