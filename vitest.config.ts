import { configDefaults, defineConfig } from 'vitest/config';

// Three projects: `unit` (Node, fast, every push), `browser` (real Chromium driving
// pages of the built site's widgets/backends) and `e2e` (the built site as a reader sees it).

/**
 * Unit files whose long numerical runs (exact marginal fields integrated over many seeds, networks
 * trained for hundreds of steps) take about 5× longer under V8 coverage: 250 s instead of 45 s for
 * the two chapter-6 files. They reach the core only through widgets' modules, whose formulas the
 * core's own tests cover, so `npm test` runs them in a second pass without coverage
 * (UNIT_PART=long); the coverage pass (UNIT_PART=covered) runs every other unit file. Without
 * UNIT_PART, `--project unit` runs all of them, as a developer expects.
 */
const LONG_UNIT_FILES = [
  'test/unit/engine/unmixing.test.ts',
  'test/unit/claims/ch06-unmixing.test.ts',
  'test/unit/claims/bad-coupling.test.ts',
  'test/unit/claims/diffusion.test.ts',
  'test/unit/claims/generalization.test.ts',
  'test/unit/cifar/runner.test.ts',
];
const unitPart = process.env.UNIT_PART;
if (unitPart !== undefined && unitPart !== 'covered' && unitPart !== 'long')
  throw new Error(`UNIT_PART must be "covered" or "long", not "${unitPart}"`);

export default defineConfig({
  test: {
    // One test file per core. Vitest's default leaves one core free (availableParallelism − 1), which
    // on a 2-core machine runs the whole unit suite in a single worker; its files are CPU-bound
    // computations, so a second worker nearly halves the stage. (e2e runs one file at a time.)
    maxWorkers: '100%',
    // `npm run coverage` (and npm test): V8 coverage of src/lib from the unit project. The core is the
    // book's single source of truth, so it must stay ≥ 90 % covered (lines and branches); the rest
    // of src/lib is measured and reported. TF.js glue that only runs in a browser (wasm paths) is out.
    coverage: {
      provider: 'v8',
      include: ['src/lib/**/*.ts'],
      exclude: ['src/lib/**/*.worker.ts', 'src/lib/engine/**/worker.ts', 'src/lib/nn/wasm-paths.browser.ts', 'src/lib/nn/empty-module.ts'],
      reporter: ['text-summary', 'text'],
      thresholds: { 'src/lib/core/**': { lines: 90, branches: 90 } },
    },
    projects: [
      {
        test: {
          name: 'unit',
          include: unitPart === 'long' ? LONG_UNIT_FILES : ['test/unit/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...(unitPart === 'covered' ? LONG_UNIT_FILES : [])],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts', 'test/browser/**/*.test.ts'],
          environment: 'node',
          testTimeout: 240_000,
          hookTimeout: 240_000,
          fileParallelism: false,
          // No test-level retry: a retry can hide a flaky assertion. Only a browser step that got
          // no answer (harness.ts BrowserStall) is retried, by retryOnStall, and printed.
          retry: 0,
        },
      },
    ],
  },
});
