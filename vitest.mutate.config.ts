import { defineConfig } from 'vitest/config';

// The test suite StrykerJS runs against each mutant (`npm run mutate`, stryker.config.json).
// Only the core's and the engines' own unit tests: they are fast and exact (closed forms,
// scipy/numpy golden files). The claims tests also exercise the core, but several take minutes
// (test/unit/claims/bad-coupling.test.ts ≈ 2 min); under perTest coverage a mutant covered by one
// of them would re-run it, turning hours into days on two cores. A mutant only they would catch
// is a missing core test, and belongs in test/unit/core.
export default defineConfig({
  test: {
    include: ['test/unit/core/**/*.test.ts', 'test/unit/engine/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
