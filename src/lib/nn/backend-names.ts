/**
 * The TF.js backends the book can run on, in the order they are tried, without TF.js: a page can
 * read `?backend=` and a protocol can name a backend before any TF.js is loaded. The choice itself
 * (probing, calibration) is in backend.ts.
 */
const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

export function isBackendName(s: unknown): s is BackendName {
  return typeof s === 'string' && (BACKENDS as readonly string[]).includes(s);
}
