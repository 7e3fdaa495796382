import { defineConfig } from 'vitest/config';

/**
 * One preset for every package. Integration tests (`*.integration.test.ts`) talk to the real
 * engines that `npm test` starts; they run in one fork at a time per package because they share
 * those engines, while plain unit tests stay parallel.
 */
export const vitestPreset = defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    poolOptions: { forks: { singleFork: true } },
    reporters: ['default'],
    passWithNoTests: false,
  },
});
