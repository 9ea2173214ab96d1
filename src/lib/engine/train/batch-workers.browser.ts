/**
 * `n` batch builders as Web Workers (batch-worker.ts), as BuilderPorts for batch-pool.ts: started by
 * the training worker (worker.ts) and by the benchmark page. A builder that fails to load reports
 * itself lost, and the pool then builds the same batches on its own thread.
 */
import type { BuilderPort, BuilderReply } from './batch-pool.ts';

export function webBuilders(n: number): BuilderPort[] {
  return Array.from({ length: n }, (_, i) => {
    const w = new Worker(new URL('./batch-worker.ts', import.meta.url), { type: 'module', name: `batch-builder-${i}` });
    return {
      post: (msg) => w.postMessage(msg),
      onReply: (handler: (r: BuilderReply) => void) => {
        w.onmessage = (e: MessageEvent<BuilderReply>) => handler(e.data);
        w.onerror = (e) => handler({ type: 'lost', message: e.message || 'the batch builder failed to start' });
      },
      terminate: () => w.terminate(),
    };
  });
}
