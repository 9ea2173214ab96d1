import { defineConfig } from 'vitest/config';

// The tests StrykerJS runs against each mutant of src/lib/core (`npm run mutate`, stryker.config.json):
// the core's own unit tests only, test/unit/core. They are fast and exact (closed forms, scipy/numpy
// golden files): the whole set runs in ≈ 15 s here, and a mutant re-runs only the tests that execute
// it (perTest coverage).
//
// The engine tests stay out although they call the core: every engine imports the core's barrel, so
// each train a network for every core mutant they reach (test/unit/engine/unmixing.test.ts alone
// takes 2 – 4 min), and a surviving mutant re-runs all of them. Measured on the same 32 mutants of
// couplings.ts (samplePlanPairs): with the engine tests 535 s (dry run 126 s, 12.7 s per mutant),
// core only 62 s (dry run 25 s, 1.2 s per mutant), the same 24 killed, 5 timed out, 3 survived.
// The claims tests stay out for the same reason (bad-coupling.test.ts ≈ 2 min). A core mutant that
// only an engine or claims test would catch is a missing core test, and belongs in test/unit/core.
// The engines are mutated against their own tests: stryker.engine.config.json.
// The timeout is generous because the dry run counts, per test, every mutant a test executes: in a
// hot loop that makes a 2-s test (coupling-variance.test.ts, on closed-form.ts) take over 60 s at
// nice 19 on a loaded machine. Stryker sets each mutant's own timeout from the dry run's times.
// MUTATE_TESTS narrows the set to a comma-separated list of globs, for a module whose broad covering
// tests are too slow under instrumentation: assignment.ts is covered by the n = 200–512 solves of the
// coupling tests, where a mutant that breaks the solver's termination runs each until the timeout
// (≈ 8 h projected for its 417 mutants); against its own test file (brute force n ≤ 6, certificates
// at n = 40, 48) it runs in minutes: MUTATE_TESTS=test/unit/core/assignment.test.ts npx stryker run
// --mutate src/lib/core/assignment.ts.
const narrowed = process.env.MUTATE_TESTS?.split(',').filter(Boolean);

export default defineConfig({
  test: {
    // core/mlp-field.ts (the network's forward pass in plain TS) is checked against TF.js itself, so its
    // test lives with the engines; it is fast (≈ 0.1 s) and the only one taken from there.
    include: narrowed ?? ['test/unit/core/**/*.test.ts', 'test/unit/engine/mlp-field.test.ts'],
    environment: 'node',
    testTimeout: 600_000,
  },
});
