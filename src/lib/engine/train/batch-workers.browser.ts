/**
 * `n` batch builders as Web Workers (batch-worker.ts), as BuilderPorts for batch-pool.ts: started by
 * the training worker (worker.ts) and by the benchmark page. A builder that fails to load reports
 * itself lost, and the pool then builds the same batches on its own thread; without `Worker` there are
 * none (the benchmark page on a browser without workers used to stop on a ReferenceError).
 */
import type { BuilderPort, BuilderReply } from './batch-pool.ts';

export function webBuilders(n: number): BuilderPort[] {
  // Without Web Workers (a browser without them, or one that refuses to start one) there are no
  // builders, and the pool builds every batch on its own thread.
  const ports: BuilderPort[] = [];
  for (let i = 0; i < n && typeof Worker !== 'undefined'; i++) {
    let w: Worker;
    try {
      w = new Worker(new URL('./batch-worker.ts', import.meta.url), { type: 'module', name: `batch-builder-${i}` });
    } catch {
      break;
    }
    ports.push({
      post: (msg) => w.postMessage(msg),
      onReply: (handler: (r: BuilderReply) => void) => {
        w.onmessage = (e: MessageEvent<BuilderReply>) => handler(e.data);
        w.onerror = (e) => handler({ type: 'lost', message: e.message || 'the batch builder failed to start' });
      },
      terminate: () => w.terminate(),
    });
  }
  return ports;
}
