/** The memorisation widget's closed-form Web Worker: sampling and neighbour search off the page's thread. */
/// <reference lib="webworker" />
import type { MemorisationCommand, MemorisationEvent } from './memorisation-protocol.ts';
import { MEMORISATION_WORKER_SLICE_MS, MemorisationRunner } from './memorisation-runner.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const runner = new MemorisationRunner({
  sliceMs: MEMORISATION_WORKER_SLICE_MS,
  post: (ev: MemorisationEvent, transfer: ArrayBuffer[]) => scope.postMessage(ev, transfer),
});
scope.onmessage = (e: MessageEvent<MemorisationCommand>) => runner.handle(e.data);
