import { defineConfig } from 'vitest/config';

// The tests StrykerJS runs against each mutant of src/lib/engine (stryker.engine.config.json, the
// second half of `npm run mutate`): the engines' own unit tests (CPU backend, tiny networks), which
// live in test/unit/engine and, for three engines, beside their widget's other tests
// (test/unit/playground, test/unit/cifar, test/unit/reproductions). The core has its own run
// (vitest.mutate.config.ts); the claims tests stay out (minutes each).
export default defineConfig({
  test: {
    include: [
      'test/unit/engine/**/*.test.ts',
      'test/unit/playground/**/*.test.ts',
      'test/unit/cifar/**/*.test.ts',
      'test/unit/reproductions/**/*.test.ts',
    ],
    environment: 'node',
    testTimeout: 600_000,
  },
});
