/**
 * The SDE vs ODE engine's Web Worker: TF.js, training and the W₂ sweep run here, off the page.
 */
/// <reference lib="webworker" />
import { WASM_PATHS } from '../../nn/wasm-paths.browser.ts';
import type { SdeCommand, SdeEvent } from './protocol.ts';
import { SdeRunner } from './runner.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const runner = new SdeRunner({
  where: 'worker',
  wasmPaths: WASM_PATHS,
  post: (ev: SdeEvent, transfer: ArrayBuffer[]) => scope.postMessage(ev, transfer),
});
scope.onmessage = (e: MessageEvent<SdeCommand>) => runner.handle(e.data);
