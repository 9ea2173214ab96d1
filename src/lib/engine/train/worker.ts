/**
 * The training session's Web Worker: TF.js runs here, off the page's main thread. Commands come
 * in as messages; events (snapshots with transferred buffers) go out.
 */
/// <reference lib="webworker" />
import { WASM_PATHS } from '../../nn/wasm-paths.browser.ts';
import type { Command, SessionEvent } from './protocol.ts';
import { SessionRunner } from './runner.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const runner = new SessionRunner({
  where: 'worker',
  wasmPaths: WASM_PATHS,
  post: (ev: SessionEvent, transfer: ArrayBuffer[]) => scope.postMessage(ev, transfer),
});
scope.onmessage = (e: MessageEvent<Command>) => runner.handle(e.data);
