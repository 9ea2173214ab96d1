/** The solver lab's closed-form Web Worker: reference solve, reader's run and sweep off the page's thread. */
/// <reference lib="webworker" />
import type { ClosedFormCommand, ClosedFormEvent } from './closed-form-protocol.ts';
import { ClosedFormRunner, WORKER_SLICE_MS } from './closed-form-runner.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const runner = new ClosedFormRunner({
  sliceMs: WORKER_SLICE_MS,
  post: (ev: ClosedFormEvent, transfer: ArrayBuffer[]) => scope.postMessage(ev, transfer),
});
scope.onmessage = (e: MessageEvent<ClosedFormCommand>) => runner.handle(e.data);
