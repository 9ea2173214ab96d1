/**
 * The training session's Web Worker: TF.js runs here, off the page's main thread. Commands come
 * in as messages; events (snapshots with transferred buffers) go out. It starts the batch builders
 * (batch-pool.ts), one Web Worker per spare core (1 to 4), so batch construction runs beside the
 * network step rather than before it.
 */
/// <reference lib="webworker" />
import { WASM_PATHS } from '../../nn/wasm-paths.browser.ts';
import type { Command, SessionEvent } from './protocol.ts';
import { SessionRunner } from './runner.ts';
import { poolSizeFor } from './batch-pool.ts';
import { webBuilders } from './batch-workers.browser.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const runner = new SessionRunner({
  where: 'worker',
  wasmPaths: WASM_PATHS,
  post: (ev: SessionEvent, transfer: ArrayBuffer[]) => scope.postMessage(ev, transfer),
  builders: () => webBuilders(poolSizeFor(navigator.hardwareConcurrency)),
});
scope.onmessage = (e: MessageEvent<Command>) => runner.handle(e.data);
