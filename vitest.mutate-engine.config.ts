import { defineConfig } from 'vitest/config';

// The tests StrykerJS runs against each mutant of src/lib/engine (stryker.engine.config.json, the
// second half of `npm run mutate`): the engines' own unit tests, test/unit/engine (CPU backend, tiny
// networks). The core has its own run (vitest.mutate.config.ts), so the core's tests are not needed
// here: no engine test file is related to a core module's mutants in this run.
export default defineConfig({
  test: {
    include: ['test/unit/engine/**/*.test.ts'],
    environment: 'node',
    testTimeout: 600_000,
  },
});
