/**
 * The un-mixing widget's Web Worker: TF.js trains the network on the plan's pairs here, off the
 * page's main thread.
 */
/// <reference lib="webworker" />
import { WASM_PATHS } from '../../nn/wasm-paths.browser.ts';
import type { UnmixingCommand, UnmixingEvent } from './protocol.ts';
import { UnmixingRunner } from './runner.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const runner = new UnmixingRunner({
  wasmPaths: WASM_PATHS,
  post: (ev: UnmixingEvent, transfer: ArrayBuffer[]) => scope.postMessage(ev, transfer),
});
scope.onmessage = (e: MessageEvent<UnmixingCommand>) => runner.handle(e.data);
