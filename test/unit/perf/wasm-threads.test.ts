/**
 * src/plugins/wasm-threads.ts against the installed tfjs-backend-wasm: the threaded factory, which TF.js
 * stringifies to start each wasm thread, must not read `_scriptDir` (a variable of the closure around
 * it that a minifier renames) once the plugin has run; and a package whose source changed is a build
 * error, not threads that silently die.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { detachFactory, wasmThreadsPlugin } from '../../../src/plugins/wasm-threads.ts';

const require = createRequire(import.meta.url);
const FILE = require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js');
const source = readFileSync(FILE, 'utf8');
/**
 * The reads of `_scriptDir` left in the factory function itself (what follows the closure's own
 * declarations), dead code (`if(false){…}`, which the minifier removes) aside.
 */
const readsIn = (code: string) =>
  code
    .slice(code.indexOf('return (') + 'return ('.length)
    .replaceAll('if(false){scriptDirectory=_scriptDir}', '')
    .split('_scriptDir').length - 1;

describe('wasm threads: the threaded factory is self-contained', () => {
  it('the package factory reads _scriptDir (the reason for the plugin)', () => {
    expect(readsIn(source)).toBe(4);
  });

  it('after the transform the factory no longer refers to _scriptDir', () => {
    const out = detachFactory(source);
    expect(readsIn(out)).toBe(0);
    expect(out).toContain('"urlOrBlob":Module["mainScriptUrlOrBlob"],');
  });

  it('transforms only that file, through Vite', () => {
    const plugin = wasmThreadsPlugin();
    expect(plugin.transform('const a = 1;', '/x/src/other.ts')).toBeNull();
    const got = plugin.transform(source, `${FILE}?v=123`);
    expect(got && readsIn(got.code)).toBe(0);
  });

  it('a changed package is an error, not a silent fallback', () => {
    expect(() => detachFactory('function f(){ return 1 }')).toThrow(/not found/);
  });
});

describe('wasm threads: how many', () => {
  it('every core, 1 to 4 (TF.js alone would take half: 1 on a 2-core machine)', async () => {
    const { wasmThreadsFor } = await import('../../../src/lib/nn/backend.ts');
    expect([undefined, 0, 1, 2, 3, 4, 16, Number.NaN].map(wasmThreadsFor)).toEqual([1, 1, 1, 2, 3, 4, 4, 1]);
  });
});
