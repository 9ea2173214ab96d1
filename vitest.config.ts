import { defineConfig } from 'vitest/config';

// Three projects: `unit` (Node, fast, every push), `browser` (real Chromium driving
// pages of the built site's widgets/backends) and `e2e` (the built site as a reader sees it).
export default defineConfig({
  test: {
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
          include: ['test/unit/**/*.test.ts'],
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
