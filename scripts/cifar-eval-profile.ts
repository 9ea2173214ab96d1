/**
 * Where one guided CIFAR evaluation (the sampler's unit of work: the conditional and null-class halves
 * as one batch) spends its time, for `npm run bench:cifar`: TF.js's wasm backend in this Node process
 * on one thread (kernel times from `tf.profile`, grouped by kernel), against PyTorch on one thread
 * (training/bench_sampling.py --profile: its time and the share inside convolutions).
 */
import { execFileSync } from 'node:child_process';
import { tf } from '../src/lib/nn/tf.ts';
import { activateAndCheck } from '../src/lib/nn/backend.ts';
import { loadCheckpoint } from '../src/lib/nn/checkpoint.ts';
import { UNet } from '../src/lib/nn/unet.ts';
import { kernelTable, type KernelRow } from '../src/lib/engine/train/benchmark.ts';

export interface EvaluationProfile {
  /** Wall time of one evaluation, best of three, ms. */
  oursMs: number;
  /** Kernel time inside convolutions (FusedConv2D, Conv2D), and all kernel time, ms. */
  oursConvMs: number;
  oursKernelMs: number;
  /** The kernels with the most time. */
  top: KernelRow[];
  torchMs: number;
  torchConvShare: number;
}

export async function profileEvaluation(checkpointDir: string, n: number, guidance: number, python: string): Promise<EvaluationProfile> {
  if (!(await activateAndCheck('wasm'))) throw new Error('the TF.js wasm backend did not start in Node');
  const ck = await loadCheckpoint(checkpointDir);
  const model = new UNet(ck.config, ck.weights);
  const x = tf.randomNormal<tf.Rank.R4>([n, ck.config.image_size, ck.config.image_size, ck.config.in_channels], 0, 1, 'float32', 1);
  const y =
    ck.config.num_classes > 0
      ? tf.tensor1d(
          Array.from({ length: n }, (_, i) => i % ck.config.num_classes),
          'int32',
        )
      : undefined;
  const run = () => tf.tidy(() => model.guidedVelocity(x, tf.fill<tf.Rank.R1>([n], 0.3), y, guidance));
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const r = run();
    await r.data();
    r.dispose();
    if (i >= 2) best = Math.min(best, performance.now() - t0);
  }
  const prof = await tf.profile(() => {
    run().dispose();
  });
  const rows = kernelTable(prof);
  x.dispose();
  y?.dispose();
  model.dispose();
  const py = execFileSync(
    python,
    [
      'training/bench_sampling.py',
      '--checkpoint',
      checkpointDir,
      '--n',
      String(n),
      '--guidance',
      String(guidance),
      '--threads',
      '1',
      '--profile',
    ],
    { env: { ...process.env, OMP_NUM_THREADS: '1' }, encoding: 'utf8' },
  );
  const torch = JSON.parse(py.trim().split('\n').pop()!) as { evaluationMs: number; convShare: number };
  return {
    oursMs: best,
    oursConvMs: rows.filter((r) => /Conv2D/.test(r.name)).reduce((s, r) => s + r.ms, 0),
    oursKernelMs: rows.reduce((s, r) => s + r.ms, 0),
    top: rows.slice(0, 6),
    torchMs: torch.evaluationMs,
    torchConvShare: torch.convShare,
  };
}
