/** The solver lab's Web Worker: TF.js training and network sweeps off the page's main thread. */
/// <reference lib="webworker" />
import { WASM_PATHS } from '../../nn/wasm-paths.browser.ts';
import type { LabCommand, LabEvent } from './protocol.ts';
import { LabRunner } from './runner.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const runner = new LabRunner({
  where: 'worker',
  wasmPaths: WASM_PATHS,
  post: (ev: LabEvent, transfer: ArrayBuffer[]) => scope.postMessage(ev, transfer),
});
scope.onmessage = (e: MessageEvent<LabCommand>) => runner.handle(e.data);
