/**
 * A batch builder (batch-pool.ts): a Web Worker started by the training worker that samples, couples
 * and builds the batches it is asked for, by index, and transfers them back.
 */
/// <reference lib="webworker" />
import { BuilderState, replyTransferables, type BuilderRequest } from './batch-pool.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const state = new BuilderState();
scope.onmessage = (e: MessageEvent<BuilderRequest>) => {
  const reply = state.handle(e.data);
  if (reply) scope.postMessage(reply, replyTransferables(reply));
};
