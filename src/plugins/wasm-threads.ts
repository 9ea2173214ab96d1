/**
 * A Vite plugin that lets TF.js's threaded wasm backend start its threads from our minified bundles.
 *
 * tfjs-backend-wasm starts each thread (an emscripten pthread, a `blob:` worker) with the source of
 * its module factory, `factory.toString()`. In the package that function reads `_scriptDir`, a
 * variable of the closure around it, only behind `typeof _scriptDir !== "undefined"` (and where a
 * thread never goes). A minifier renames the variable and, knowing it is declared, drops the guard;
 * the thread then dies with "ReferenceError: e is not defined" and the engine falls back to the main
 * thread. The guarded read is always false in a browser (no `document.currentScript` in a worker, no
 * `__filename`) and the other read is behind `mainScriptUrlOrBlob`, which TF.js always sets, so both
 * are replaced by what they evaluate to and the factory no longer refers outside itself.
 */
const FACTORY = /tfjs-backend-wasm[\\/]wasm-out[\\/]tfjs-backend-wasm-threaded-simd\.js$/;
const REPLACEMENTS: [string, string][] = [
  ['typeof _scriptDir !== "undefined" && _scriptDir', 'false'],
  ['Module["mainScriptUrlOrBlob"]||_scriptDir', 'Module["mainScriptUrlOrBlob"]'],
];

/** The factory's source with its reads of `_scriptDir` replaced; throws if the package changed. */
export function detachFactory(code: string): string {
  let out = code;
  for (const [from, to] of REPLACEMENTS) {
    if (!out.includes(from))
      throw new Error(`wasm-threads: "${from}" not found in tfjs-backend-wasm's threaded factory (package updated?)`);
    out = out.split(from).join(to);
  }
  return out;
}

export function wasmThreadsPlugin() {
  return {
    name: 'cfm-wasm-threads',
    enforce: 'pre' as const,
    transform(code: string, id: string) {
      return FACTORY.test(id.split('?')[0]) ? { code: detachFactory(code), map: null } : null;
    },
  };
}
