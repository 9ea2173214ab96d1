/**
 * The benchmark (benchmark.ts) in a Web Worker, where the trainer runs: the bench page starts one
 * per measurement, since a worker chooses its backend once. Off the page's main thread the wasm
 * backend can run XNNPACK on several threads where the page is cross-origin isolated (`threads`),
 * which the page itself never can: `npm run bench` measures both, one thread and several.
 */
/// <reference lib="webworker" />
import { WASM_PATHS } from '../../nn/wasm-paths.browser.ts';
import { chooseBackend, type BackendChoice } from '../../nn/backend.ts';
import { isBackendName } from '../../nn/backend-names.ts';
import { runBenchmark, type BenchOptions, type BenchResult } from './benchmark.ts';
import { BatchPool, poolSizeFor } from './batch-pool.ts';
import { webBuilders } from './batch-workers.browser.ts';

export interface BenchRequest {
  force: string | null;
  /** Let the wasm backend use threads (granted only where the page is cross-origin isolated). */
  threads: boolean;
  /** Builders in the pool; 'auto' as the trainer sizes it; absent: batches built inline. */
  builders?: number | 'auto';
  opts: Omit<BenchOptions, 'pool' | 'onProgress'>;
}

export type BenchReply =
  | { type: 'progress'; phase: string; fraction: number }
  | { type: 'result'; result: BenchResult; choice: BackendChoice; hardwareConcurrency: number }
  | { type: 'error'; message: string };

const scope = self as unknown as DedicatedWorkerGlobalScope;
const reply = (r: BenchReply) => scope.postMessage(r);

scope.onmessage = async (e: MessageEvent<BenchRequest>) => {
  const { force, threads, builders, opts } = e.data;
  let pool: BatchPool | undefined;
  try {
    const choice = await chooseBackend({
      force: isBackendName(force) ? force : undefined,
      wasmPaths: WASM_PATHS,
      wasmThreads: threads,
      remembered: null,
      remember: () => {},
    });
    const size = builders === 'auto' ? poolSizeFor(navigator.hardwareConcurrency) : builders;
    pool = size === undefined ? undefined : new BatchPool(webBuilders(Math.max(0, Math.min(8, size))));
    const result = await runBenchmark({
      ...opts,
      pool,
      onProgress: (phase, fraction) => reply({ type: 'progress', phase, fraction }),
    });
    reply({ type: 'result', result, choice, hardwareConcurrency: navigator.hardwareConcurrency });
  } catch (err) {
    reply({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  } finally {
    pool?.dispose();
  }
};
