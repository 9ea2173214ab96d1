/**
 * The memorisation-vs-n sweep's Web Worker: TF.js and the closed-form reference run here, off the
 * page's main thread. Commands come in as messages; events (results with transferred buffers) go out.
 */
/// <reference lib="webworker" />
import { WASM_PATHS } from '../../nn/wasm-paths.browser.ts';
import type { MemoCommand, MemoEvent } from './protocol.ts';
import { MemoSweepRunner } from './runner.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const runner = new MemoSweepRunner({
  where: 'worker',
  wasmPaths: WASM_PATHS,
  post: (ev: MemoEvent, transfer: ArrayBuffer[]) => scope.postMessage(ev, transfer),
});
scope.onmessage = (e: MessageEvent<MemoCommand>) => runner.handle(e.data);
