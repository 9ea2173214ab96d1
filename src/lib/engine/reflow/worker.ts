/**
 * The reflow run's Web Worker: TF.js trains the rounds here, off the page's main thread.
 */
/// <reference lib="webworker" />
import { WASM_PATHS } from '../../nn/wasm-paths.browser.ts';
import type { ReflowCommand, ReflowEvent } from './protocol.ts';
import { ReflowRunner } from './runner.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const runner = new ReflowRunner({
  where: 'worker',
  wasmPaths: WASM_PATHS,
  post: (ev: ReflowEvent, transfer: ArrayBuffer[]) => scope.postMessage(ev, transfer),
});
scope.onmessage = (e: MessageEvent<ReflowCommand>) => runner.handle(e.data);
