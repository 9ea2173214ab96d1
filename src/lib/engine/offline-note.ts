/**
 * Why an engine's code could not be loaded, in the reader's words. Offline, the likely reason is
 * that the engine (TF.js, its worker, the wasm binaries) was never saved: the service worker
 * (src/offline/sw.ts) saves it the first time a widget runs online, not ahead of time.
 */
export function engineLoadFailure(err: unknown): string {
  const why = err instanceof Error ? err.message : String(err);
  const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
  return offline ? `you are offline, and this widget's engine is saved for offline reading only once it has run online; ${why}` : why;
}
