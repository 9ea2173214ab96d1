/**
 * A batch builder (src/lib/engine/train/batch-pool.ts) as a Node worker thread: the Node twin of
 * src/lib/engine/train/batch-worker.ts, for `npm run bench` and the pool's unit test.
 */
import { parentPort } from 'node:worker_threads';
import { BuilderState, replyTransferables, type BuilderRequest } from '../src/lib/engine/train/batch-pool.ts';

const state = new BuilderState();
parentPort!.on('message', (msg: BuilderRequest) => {
  const reply = state.handle(msg);
  if (reply) parentPort!.postMessage(reply, replyTransferables(reply));
});
