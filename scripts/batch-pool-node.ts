/**
 * `n` batch builders as Node worker threads (scripts/batch-builder-thread.ts), as BuilderPorts for
 * src/lib/engine/train/batch-pool.ts: what the training worker's Web Workers are in the browser.
 */
import { Worker } from 'node:worker_threads';
import type { BuilderPort, BuilderReply } from '../src/lib/engine/train/batch-pool.ts';

export function nodeBuilders(n: number): BuilderPort[] {
  return Array.from({ length: n }, () => {
    const w = new Worker(new URL('./batch-builder-thread.ts', import.meta.url));
    w.unref();
    return {
      post: (msg) => w.postMessage(msg),
      onReply: (handler: (r: BuilderReply) => void) => {
        w.on('message', handler);
        w.on('error', (e) => handler({ type: 'lost', message: e.message }));
      },
      terminate: () => void w.terminate(),
    };
  });
}
