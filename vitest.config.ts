import { defineConfig } from 'vitest/config';
import { PlainSummaryReporter } from './test/summary-reporter.js';

export const testConfig = defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', new PlainSummaryReporter()],
  },
});

export default testConfig;
