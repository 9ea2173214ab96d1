/** The SDE vs ODE widget's closed-form Web Worker: both clouds' simulation off the page's thread. */
/// <reference lib="webworker" />
import type { PairedCommand, PairedEvent } from './paired-protocol.ts';
import { PAIRED_WORKER_SLICE_MS, PairedRunner } from './paired-runner.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const runner = new PairedRunner({
  sliceMs: PAIRED_WORKER_SLICE_MS,
  post: (ev: PairedEvent, transfer: ArrayBuffer[]) => scope.postMessage(ev, transfer),
});
scope.onmessage = (e: MessageEvent<PairedCommand>) => runner.handle(e.data);
