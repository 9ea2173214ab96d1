/**
 * The CIFAR sampling engine's Web Worker: TF.js (backend chosen here with chooseBackend), checkpoint
 * loading with sha256 checks and the UNet sampler run here, off the page's main thread.
 */
/// <reference lib="webworker" />
import { WASM_PATHS } from '../../nn/wasm-paths.browser.ts';
import type { CifarCommand, CifarEvent } from './protocol.ts';
import { CifarRunner } from './runner.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const runner = new CifarRunner({
  where: 'worker',
  wasmPaths: WASM_PATHS,
  post: (ev: CifarEvent, transfer: ArrayBuffer[]) => scope.postMessage(ev, transfer),
});
scope.onmessage = (e: MessageEvent<CifarCommand>) => runner.handle(e.data);
