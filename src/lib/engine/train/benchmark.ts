/**
 * Measuring the engine on the current backend: training throughput of the default trainer
 * (or given settings), what one step costs without batch construction, Euler sampling throughput,
 * and a quality check (loss drop, exact W₂ to held-out target points). Used by the bench page
 * (`npm run bench`, browser tests) and usable from Node.
 */
import { Rng, squaredEuclideanStart, w2Exact } from '../../core/index.ts';
import { auctionScan, bidInJavaScript } from '../../simd/auction-scan.ts';
import { tf } from '../../nn/tf.ts';
import { TrainingSession } from './session.ts';
import { cleanSettings, type TrainSettings } from './settings.ts';
import { batchStream, type BatchPool } from './batch-pool.ts';
import { generateOnDevice, simdField, type NetworkSampler } from './sampling.ts';
import { DIM } from './batch.ts';
import type { SimdProfile } from '../../nn/simd/simd-mlp.ts';

export interface BenchOptions {
  settings?: Partial<Record<keyof TrainSettings, unknown>>;
  /** Training steps to run (after warm-up), or stop after `seconds`, whichever first. */
  steps?: number;
  seconds?: number;
  warmup?: number;
  /** Read losses back every `flushEvery` steps (what the worker does per chunk). */
  flushEvery?: number;
  evalPoints?: number;
  samplePoints?: number;
  sampleSteps?: number;
  /** Skip the network-only, batch-construction and kernel-count measurements (tests). */
  quick?: boolean;
  /** With `quick`: still count (and profile) the kernels of one network step. */
  countKernels?: boolean;
  /**
   * Batch builders to train with (batch-pool.ts, what the train-cfm worker uses); without one the
   * batches are built inline, one after the other, before each step.
   */
  pool?: BatchPool;
  /**
   * Exact OT's auction bids in JavaScript instead of on the SIMD kernel (auction-scan.ts), in this
   * thread: the batch pipeline as the performance issue first measured it, `npm run bench`'s baseline.
   */
  bidsInJavaScript?: boolean;
  /** Called between chunks with what is being measured and the fraction of the run done. */
  onProgress?: (phase: string, fraction: number) => void;
}

export interface BenchResult {
  backend: string;
  settings: TrainSettings;
  steps: number;
  stepsPerSecond: number;
  /** Steps/s of the network step alone on one fixed, pre-built batch (no batch construction). */
  networkStepsPerSecond: number;
  /** Batch constructions (sampling + coupling + path) per second, on the CPU. */
  batchesPerSecond: number;
  kernelsPerStep: number;
  /** Where one network step's kernel time goes (tf.profile), by kernel name, most first (ms). */
  kernelProfile: KernelRow[];
  /** Milliseconds per batch built inline: sampling, coupling, path. */
  batchPhasesMs: { sample: number; coupling: number; path: number };
  /** Builders in the pool (-1: no pool, batches built inline). */
  builders: number;
  /**
   * Where this thread's batches bid in exact OT's auction: on the SIMD kernel (auction-scan.ts), in
   * JavaScript, or 'none' (another coupling, or a batch small enough for the JV start).
   */
  otBids: 'simd' | 'javascript' | 'none';
  firstLoss: number;
  lastLoss: number;
  w2: number;
  w2Initial: number;
  eulerSeconds: number;
  /** What sampled (as `session.generate` reported it): the SIMD kernels, or TF.js on the backend. */
  sampler: NetworkSampler;
  /** With the SIMD kernels: the same Euler solve through TF.js on the device, for comparison (s). */
  eulerTfjsSeconds?: number;
  /** With the SIMD kernels: where one velocity evaluation of the `samplePoints` points goes (ms). */
  simdProfile?: SimdProfile;
  /** Where one velocity evaluation of the `samplePoints` points goes (tf.profile), by kernel name (ms). */
  eulerProfile: KernelRow[];
  samplePoints: number;
  sampleSteps: number;
  numTensorsBefore: number;
  numTensorsAfter: number;
}

/**
 * Hands the thread back between chunks (a macrotask: paint, input, timers), so a benchmark on the
 * page's main thread never freezes it; the pause is outside every timed interval's hot loop.
 */
const yieldToPage = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

const mean = (a: ArrayLike<number>, from: number, to: number) => {
  let s = 0;
  for (let i = from; i < to; i++) s += a[i];
  return s / Math.max(1, to - from);
};

export async function runBenchmark(opts: BenchOptions = {}): Promise<BenchResult> {
  const before = bidInJavaScript(opts.bidsInJavaScript ?? false);
  try {
    return await measure(opts);
  } finally {
    bidInJavaScript(before);
  }
}

async function measure(opts: BenchOptions): Promise<BenchResult> {
  const { settings } = cleanSettings(opts.settings ?? {});
  const numTensorsBefore = tf.memory().numTensors;
  const session = new TrainingSession(settings);
  const evalN = opts.evalPoints ?? 500;
  const evalRng = new Rng(settings.seed + 99);
  const x0 = session.source(evalN, evalRng);
  const heldOut = session.target(evalN, evalRng);
  const { tMin, tMax } = session.path;
  const w2Of = async () =>
    w2Exact((await session.generate(x0, { method: 'euler', steps: 50, t0: tMin, t1: tMax }, false)).x, heldOut, evalN, 2, auctionScan);
  const progress = opts.onProgress ?? (() => {});
  progress('quality before training', 0);
  await yieldToPage();
  const w2Initial = await w2Of();

  const flushEvery = opts.flushEvery ?? 25;
  const pool = opts.pool;
  if (pool) {
    pool.configure({ settings, stream: batchStream(settings.seed) });
    session.feed = pool;
  }
  const train = async (n: number) => {
    await pool?.ready(n);
    session.trainSteps(n);
    return session.flush();
  };
  await train(opts.warmup ?? 10);

  const maxSteps = opts.steps ?? 2000;
  const budget = (opts.seconds ?? 10) * 1000;
  const t0 = performance.now();
  let done = 0;
  while (done < maxSteps && performance.now() - t0 < budget) {
    const n = Math.min(flushEvery, maxSteps - done);
    const reason = await train(n);
    done += n;
    if (reason) throw new Error(reason);
    progress('training', Math.min(1, Math.max(done / maxSteps, (performance.now() - t0) / budget)) * 0.7);
    await yieldToPage();
  }
  const stepsPerSecond = done / ((performance.now() - t0) / 1000);
  const h = session.lossHistory();
  const k = Math.max(1, Math.min(50, Math.floor(h.length / 4)));
  const firstLoss = mean(h, 0, k),
    lastLoss = mean(h, h.length - k, h.length);

  // The network step alone, on one fixed batch (what a GPU-resident data pipeline would cost).
  const batch = session.batches.next();
  const net = session.net,
    opt = session.opt;
  const netStep = () =>
    tf.tidy(() => {
      const { loss, grads } = net.lossAndGrads(
        tf.tensor2d(batch.xt, [batch.n, 2]),
        tf.tensor2d(batch.t, [batch.n, 1]),
        tf.tensor2d(batch.ut, [batch.n, 2]),
      );
      opt.apply(grads);
      return loss;
    });
  const profile = opts.quick && !opts.countKernels ? null : await tf.profile(() => netStep().dispose());
  const kernelsPerStep = profile ? profile.kernels.length : 0;
  const kernelProfile = kernelTable(profile);
  let netDone = 0;
  const t1 = performance.now();
  while (!opts.quick && performance.now() - t1 < Math.min(3000, budget / 3)) {
    const losses = [];
    for (let i = 0; i < flushEvery; i++) losses.push(netStep());
    await losses[losses.length - 1].data();
    losses.forEach((l) => l.dispose());
    netDone += flushEvery;
    progress('network step alone', 0.75);
    await yieldToPage();
  }
  const networkStepsPerSecond = opts.quick ? 0 : netDone / ((performance.now() - t1) / 1000);

  let batches = 0;
  const t2 = performance.now();
  while (!opts.quick && performance.now() - t2 < 1000) {
    session.batches.next();
    batches++;
    if (batches % 16 === 0) {
      progress('batch construction', 0.85);
      await yieldToPage();
    }
  }
  const batchesPerSecond = opts.quick ? 0 : batches / ((performance.now() - t2) / 1000);
  const tm = session.batches.timing;
  const per = (ms: number) => ms / Math.max(1, tm.batches);
  const batchPhasesMs = { sample: per(tm.sampleMs), coupling: per(tm.couplingMs), path: per(tm.pathMs) };

  progress('quality after training', 0.9);
  await yieldToPage();
  const w2 = await w2Of();
  await yieldToPage();
  const samplePoints = opts.samplePoints ?? 2000,
    sampleSteps = opts.sampleSteps ?? 100;
  const xs = session.source(samplePoints, new Rng(5));
  // Best of three runs (one in quick mode), as the PyTorch reference measures it: a single run of
  // either side varied by up to 60 % between benchmark runs on this machine. The page gets the
  // thread back before each run: on the SIMD kernels a solve has no await inside, and these
  // measurements, back to back, held the page's thread for 1.5 s.
  const euler = { method: 'euler', steps: sampleSteps, t0: tMin, t1: tMax } as const;
  const bestOf = async (solve: () => Promise<unknown>) => {
    let best = Infinity;
    for (let rep = 0; rep < (opts.quick ? 1 : 3); rep++) {
      progress('sampling', 0.95);
      await yieldToPage();
      const t3 = performance.now();
      await solve();
      best = Math.min(best, (performance.now() - t3) / 1000);
    }
    return best;
  };
  let sampler: NetworkSampler = 'tfjs';
  const eulerSeconds = await bestOf(async () => {
    sampler = (await session.generate(xs, euler, false)).sampler ?? 'tfjs';
  });
  const simd = sampler === 'tfjs' ? null : await simdField(session.net);
  const eulerTfjsSeconds = simd && !opts.quick ? await bestOf(() => generateOnDevice(session.net, DIM, xs, euler)) : undefined;
  await yieldToPage();
  const simdProfile = simd && !opts.quick ? simd.profile(xs, 0.5, sampleSteps) : undefined;
  // Where one Euler step's time goes: the kernels of one velocity evaluation of all the points, by
  // the network frozen as for a solve (laid out once, outside the evaluation profiled).
  let eulerProfile: KernelRow[] = [];
  if (!opts.quick) {
    await yieldToPage();
    const xsTensor = tf.tensor2d(Float32Array.from(xs), [samplePoints, 2]);
    const frozen = session.net.frozen();
    try {
      eulerProfile = kernelTable(await tf.profile(() => tf.tidy(() => frozen.velocityAt(xsTensor, 0.5)).dispose()));
    } finally {
      frozen.dispose();
      xsTensor.dispose();
    }
  }

  session.dispose();
  return {
    backend: tf.getBackend(),
    settings,
    steps: done,
    stepsPerSecond,
    networkStepsPerSecond,
    batchesPerSecond,
    kernelsPerStep,
    kernelProfile,
    batchPhasesMs,
    builders: pool ? pool.size : -1,
    otBids:
      settings.coupling !== 'exact-ot' || squaredEuclideanStart(settings.batch) !== 'auction'
        ? 'none'
        : auctionScan(settings.batch)
          ? 'simd'
          : 'javascript',
    firstLoss,
    lastLoss,
    w2,
    w2Initial,
    eulerSeconds,
    sampler,
    eulerTfjsSeconds,
    simdProfile,
    eulerProfile,
    samplePoints,
    sampleSteps,
    numTensorsBefore,
    numTensorsAfter: tf.memory().numTensors,
  };
}

export interface KernelRow {
  name: string;
  count: number;
  ms: number;
}

/**
 * A tf.profile's kernels grouped by name, most time first. The entries of op wrappers (`…__op`, listed
 * beside the kernel they run, as `fusedConv2d__op` beside `FusedConv2D`) are left out: counted, they
 * would double the time of the kernel inside.
 */
export function kernelTable(profile: { kernels: { name: string; kernelTimeMs: unknown }[] } | null): KernelRow[] {
  const byName = new Map<string, KernelRow>();
  for (const k of profile?.kernels ?? []) {
    if (k.name.endsWith('__op')) continue;
    const row = byName.get(k.name) ?? { name: k.name, count: 0, ms: 0 };
    row.count++;
    row.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    byName.set(k.name, row);
  }
  return [...byName.values()].sort((a, b) => b.ms - a.ms);
}
