import { defineConfig } from 'vitest/config';

export const testConfig = defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});

// eslint-disable-next-line no-restricted-syntax -- vitest loads the default export
export default testConfig;
