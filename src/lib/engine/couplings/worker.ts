/** The couplings comparison's Web Worker: plans, flows and C off the page's thread. */
/// <reference lib="webworker" />
import type { CouplingsCommand, CouplingsEvent } from './protocol.ts';
import { COUPLINGS_WORKER_SLICE_MS, CouplingsRunner } from './runner.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const runner = new CouplingsRunner({
  sliceMs: COUPLINGS_WORKER_SLICE_MS,
  post: (ev: CouplingsEvent) => scope.postMessage(ev),
});
scope.onmessage = (e: MessageEvent<CouplingsCommand>) => runner.handle(e.data);
