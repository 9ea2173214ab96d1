import { defineConfig } from 'vitest/config';

// Three projects: `unit` (Node, fast, every push), `browser` (real Chromium driving
// pages of the built site's widgets/backends) and `e2e` (the built site as a reader sees it).
export default defineConfig({
  test: {
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
