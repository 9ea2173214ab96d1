/**
 * `npm run bench`: the train-cfm engine against PyTorch on this machine, in one run, ratios printed.
 *
 * 1. Backends: the default trainer (3×64 SELU + 3 time frequencies, batch 128, exact minibatch OT,
 *    AdamW) in headless Chromium on every TF.js backend, batches built by the trainer's pool of
 *    workers (sized from navigator.hardwareConcurrency): full steps/s, network-only steps/s, kernels
 *    (dispatches) per step, Euler sampling of 2000 points × 100 steps.
 * 2. Full step at batch 128 on wasm, batches built inline (as before the pool) and by the pool,
 *    against PyTorch 1.13 with 1 and 2 threads (scripts/bench-pytorch-mlp.py, scipy's exact OT).
 * 3. OT-CFM at batch 512 on wasm: a baseline of today's code with batches built inline and the
 *    exact-OT auction bidding in JavaScript (what issue 17 measured had neither the pool nor the
 *    kernel), then inline with the SIMD bids, then pools of 1–4 builders.
 * 4. Euler sampling against PyTorch with 1 and 2 threads: on the CPU backends the network samples on
 *    SIMD kernels generated for it (nn/simd), printed beside the same solve through TF.js.
 * 5. Where the trainer runs, a Web Worker (bench-worker.ts): wasm with one thread, as the trainer
 *    runs it, and with XNNPACK threads (one per core, 1 to 4; the page is cross-origin isolated):
 *    full step, network step alone, Euler sampling.
 * Then the targets of issue 17, met or not; where one is missed, the profile of where the time goes
 * (kernel time per kernel of one network step, batch construction by phase).
 *
 * Sections 1–5 run in Chromium over dist/ (run `npm run build` first); `--node` runs sections 2–4
 * with TF.js's wasm backend in Node and worker_threads builders instead (no build needed).
 * The load average is printed beside every figure: on a shared machine, compare runs at equal load.
 *
 *   npm run bench -- --seconds 8 --backends wasm,cpu,webgl,webgpu [--node] [--no-pytorch]
 */
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import type { KernelRow } from '../src/lib/engine/train/benchmark.ts';
import type { SimdProfile } from '../src/lib/nn/simd/simd-mlp.ts';

const { values: a } = parseArgs({
  options: {
    seconds: { type: 'string', default: '8' },
    backends: { type: 'string', default: 'wasm,cpu,webgl,webgpu' },
    node: { type: 'boolean', default: false },
    'no-pytorch': { type: 'boolean', default: false },
  },
});
const seconds = Number(a.seconds);
const backends = a.node
  ? []
  : a.backends
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);

interface Result {
  backend: string;
  software?: boolean;
  stepsPerSecond: number;
  networkStepsPerSecond: number;
  batchesPerSecond: number;
  kernelsPerStep: number;
  kernelProfile: KernelRow[];
  eulerProfile?: KernelRow[];
  batchPhasesMs: { sample: number; coupling: number; path: number };
  builders: number;
  eulerSeconds: number;
  sampler?: 'simd-fma' | 'simd' | 'tfjs';
  otBids?: 'simd' | 'javascript' | 'none';
  eulerTfjsSeconds?: number;
  simdProfile?: SimdProfile;
  sampleSteps: number;
  lastLoss: number;
  w2: number;
  /** wasm: XNNPACK's threads (1 on the page's main thread). */
  threads?: number;
  load: string;
  note?: string;
}
type Builders = number | 'auto' | undefined;
type Measure = (backend: string, opts: Record<string, unknown>, builders: Builders) => Promise<Result>;

const load = () =>
  `load ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`;
const fmt = (x: number | undefined, d = 1) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(d) : '—');

/** Runs the page's (or Node's) runBenchmark; returns its result with the load average after it. */
async function measurer(): Promise<{ measure: Measure; cores: number; close: () => Promise<void> }> {
  if (a.node) {
    const [{ activateAndCheck }, { runBenchmark }, { BatchPool, poolSizeFor }, { nodeBuilders }] = await Promise.all([
      import('../src/lib/nn/backend.ts'),
      import('../src/lib/engine/train/benchmark.ts'),
      import('../src/lib/engine/train/batch-pool.ts'),
      import('./batch-pool-node.ts'),
    ]);
    const cores = availableParallelism();
    const measure: Measure = async (backend, opts, builders) => {
      if (!(await activateAndCheck(backend as 'wasm'))) throw new Error(`${backend} unavailable in Node`);
      const size = builders === 'auto' ? poolSizeFor(cores) : builders;
      const pool = size === undefined ? undefined : new BatchPool(nodeBuilders(size));
      try {
        const r = await runBenchmark({ ...opts, pool });
        return { ...r, load: load() };
      } finally {
        pool?.dispose();
      }
    };
    return { measure, cores, close: async () => {} };
  }
  const [{ launchBrowser, DIST }, { serveStatic }] = await Promise.all([import('../test/e2e/harness.ts'), import('./static-host.ts')]);
  // Served as a static host serves it, with dist/_headers: the page is cross-origin isolated, so a
  // worker's wasm backend may run threads (section 5).
  const server = await serveStatic(process.env.DIST || DIST);
  const browser = await launchBrowser();
  let cores = 0;
  const measure: Measure = async (backend, opts, builders) => {
    const page = await browser.newPage();
    try {
      await page.goto(`${server.url}/widgets/train-cfm-bench/?backend=${backend}`, { waitUntil: 'load' });
      await page.waitForFunction(() => document.documentElement.dataset.benchReady === '1', null, { timeout: 60_000 });
      const r = await page.evaluate(
        (o) => (window as unknown as { __cfmBench: (o: object) => Promise<Record<string, unknown>> }).__cfmBench(o),
        { ...opts, builders },
      );
      const choice = r.choice as { name: string; isFallback: boolean; reason: string; threads?: number };
      cores = r.hardwareConcurrency as number;
      if (choice.name !== backend) return { backend, note: `unavailable (${choice.reason})`, load: load() } as Result;
      return { ...(r as unknown as Result), backend, software: choice.isFallback, threads: choice.threads ?? 1, load: load() };
    } finally {
      await page.close();
    }
  };
  return {
    measure,
    get cores() {
      return cores;
    },
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

interface Torch {
  threads: number;
  batch: number;
  fullStepsPerSecond: number;
  networkStepsPerSecond: number;
  eulerSeconds: number;
  load: string;
}
function pytorch(threads: number, batch: number): Torch {
  const script = resolve(import.meta.dirname, 'bench-pytorch-mlp.py');
  const out = execFileSync(
    '/usr/bin/python3',
    [script, '--seconds', String(Math.max(4, seconds)), '--threads', String(threads), '--batch', String(batch)],
    { env: { ...process.env, OMP_NUM_THREADS: String(threads) }, encoding: 'utf8' },
  );
  return { ...(JSON.parse(out.trim().split('\n').at(-1)!) as Torch), load: load() };
}

function printProfile(r: Result, label: string): void {
  const total = r.kernelProfile.reduce((s, k) => s + k.ms, 0);
  console.log(`  profile (${label}): one network step, ${r.kernelsPerStep} kernels, ${total.toFixed(2)} ms of kernel time:`);
  for (const k of r.kernelProfile.slice(0, 8))
    console.log(`    ${k.name.padEnd(16)} ×${String(k.count).padStart(2)}  ${k.ms.toFixed(3)} ms`);
  const p = r.batchPhasesMs;
  console.log(
    `  one batch built inline: sampling ${p.sample.toFixed(2)} ms, coupling ${p.coupling.toFixed(2)} ms, path ${p.path.toFixed(2)} ms; ` +
      `network step alone ${(1000 / r.networkStepsPerSecond).toFixed(2)} ms, full step ${(1000 / r.stepsPerSecond).toFixed(2)} ms (${r.builders < 0 ? 'inline' : `${r.builders} builders`})`,
  );
}

const run = await measurer();
const where = a.node ? 'Node (wasm, worker_threads builders)' : 'headless Chromium';
const base = { seconds, samplePoints: 2000, sampleSteps: 100 };
const rows: Result[] = [];
let inline128: Result | undefined, pooled128: Result | undefined;
const ot512: Result[] = [];
/** Section 5: in a Web Worker, one thread then XNNPACK threads (browser only). */
const inWorker: Result[] = [];
try {
  console.log(`${where}; ${load()}`);
  for (const name of backends) {
    const slow = name === 'webgpu'; // software WebGPU: ~25× slower with a long warm-up
    const opts = slow ? { ...base, seconds: Math.min(seconds, 6), warmup: 3, sampleSteps: 10, evalPoints: 200 } : base;
    rows.push(
      await run
        .measure(name, opts, 'auto')
        .catch((e: unknown) => ({ backend: name, note: `failed: ${String(e).split('\n')[0]}`, load: load() }) as Result),
    );
  }
  pooled128 = rows.find((r) => r.backend === 'wasm' && !r.note) ?? (await run.measure('wasm', base, 'auto'));
  inline128 = await run.measure('wasm', base, undefined);
  // First the baseline (inline, the auction bidding in JavaScript, as before the pool and the kernel).
  ot512.push(await run.measure('wasm', { ...base, settings: { batch: 512 }, sampleSteps: 1, bidsInJavaScript: true }, undefined));
  for (const b of [undefined, 1, 2, 3, 4] as const)
    ot512.push(await run.measure('wasm', { ...base, settings: { batch: 512 }, sampleSteps: 1 }, b));
  if (!a.node) for (const threads of [false, true]) inWorker.push(await run.measure('wasm', { ...base, where: 'worker', threads }, 'auto'));
} finally {
  await run.close();
}

if (rows.length) {
  console.log("\n1. Backends, default trainer (batches built by the trainer's pool), in headless Chromium:");
  console.log('backend   software  steps/s  network-only  kernels/step  builders  Euler 2000×100 (s)  sampler   final loss  W2     load');
  for (const r of rows) {
    if (r.note) {
      console.log(`${r.backend.padEnd(9)} ${r.note}`);
      continue;
    }
    const euler = r.eulerSeconds * (100 / r.sampleSteps);
    console.log(
      `${r.backend.padEnd(9)} ${String(r.software).padEnd(9)} ${fmt(r.stepsPerSecond).padStart(7)}  ${fmt(r.networkStepsPerSecond).padStart(12)}  ${String(r.kernelsPerStep).padStart(12)}  ${String(r.builders).padStart(8)}  ${fmt(euler, 2).padStart(18)}${r.sampleSteps !== 100 ? '*' : ' '}  ${(r.sampler ?? '').padEnd(8)}  ${fmt(r.lastLoss, 3).padStart(10)}  ${fmt(r.w2, 3).padEnd(5)}  ${r.load}`,
    );
  }
  if (rows.some((r) => !r.note && r.sampleSteps !== 100)) console.log('* extrapolated from a shorter run (software WebGPU)');
}

const BIDS = { simd: 'on the SIMD kernel', javascript: 'in JavaScript', none: 'none' } as const;
const torch = a['no-pytorch'] ? [] : [pytorch(1, 128), pytorch(2, 128), pytorch(1, 512)];
const [t1, t2, t512] = torch;
console.log(`\n2. Full training step, batch 128, exact OT, wasm (${run.cores} cores seen):`);
for (const [label, r] of [
  ['batches inline (before the pool)', inline128],
  [`pool of ${pooled128?.builders} builders`, pooled128],
] as const)
  if (r)
    console.log(
      `  ours, ${label}: ${fmt(r.stepsPerSecond)} steps/s (network only ${fmt(r.networkStepsPerSecond)}, ${r.kernelsPerStep} kernels/step${r.builders < 0 && r.otBids ? `, exact-OT bids ${BIDS[r.otBids]}` : ''})  ${r.load}`,
    );
for (const t of torch.slice(0, 2))
  console.log(
    `  PyTorch ${t.threads} thread${t.threads > 1 ? 's' : ''}: ${t.fullStepsPerSecond} steps/s (network only ${t.networkStepsPerSecond})  ${t.load}`,
  );
const best128 = Math.max(inline128?.stepsPerSecond ?? 0, pooled128?.stepsPerSecond ?? 0);
if (t1 && t2) {
  console.log(
    `  ratio ours/PyTorch-1-thread ${(best128 / t1.fullStepsPerSecond).toFixed(2)}, ours/PyTorch-2-threads ${(best128 / t2.fullStepsPerSecond).toFixed(2)}`,
  );
  console.log(
    `  network step only: ours/PyTorch-1-thread ${((pooled128?.networkStepsPerSecond ?? 0) / t1.networkStepsPerSecond).toFixed(2)}`,
  );
}

console.log('\n3. OT-CFM at batch 512 (exact OT), wasm:');
const [baseline512, inline512] = ot512;
ot512.forEach((r, k) =>
  console.log(
    `  ${(k === 0 ? 'baseline' : r.builders < 0 ? 'inline' : `pool of ${r.builders}`).padEnd(14)}: ${fmt(r.stepsPerSecond)} steps/s, ×${fmt(r.stepsPerSecond / baseline512.stepsPerSecond, 2)} of the baseline, ×${fmt(r.stepsPerSecond / inline512.stepsPerSecond, 2)} of inline  ${r.load}`,
  ),
);
console.log(
  "  (baseline: today's code with batches inline and the auction bidding in JavaScript, as before the pool and the SIMD kernel; the issue's own pipeline was slower still)",
);
if (t512) console.log(`  PyTorch 1 thread (scipy linear_sum_assignment): ${t512.fullStepsPerSecond} steps/s  ${t512.load}`);

const eulerOurs = pooled128 ? pooled128.eulerSeconds * (100 / pooled128.sampleSteps) : NaN;
const eulerTfjs = pooled128?.eulerTfjsSeconds !== undefined ? pooled128.eulerTfjsSeconds * (100 / pooled128.sampleSteps) : NaN;
const SAMPLERS = { 'simd-fma': 'SIMD kernels with fused multiply-add', simd: 'SIMD kernels', tfjs: 'TF.js' } as const;
console.log(
  `\n4. Euler sampling, 2000 points × 100 steps: ours ${fmt(eulerOurs, 3)} s (${SAMPLERS[pooled128?.sampler ?? 'tfjs']})  ${pooled128?.load}`,
);
if (Number.isFinite(eulerTfjs))
  console.log(
    `  the same solve through TF.js's wasm backend: ${fmt(eulerTfjs, 3)} s (the kernels ×${fmt(eulerTfjs / eulerOurs, 2)} as fast)`,
  );
for (const t of torch.slice(0, 2))
  console.log(
    `  PyTorch ${t.threads} thread${t.threads > 1 ? 's' : ''}: ${t.eulerSeconds} s, ratio (speed) ours/PyTorch ${(t.eulerSeconds / eulerOurs).toFixed(2)}`,
  );

if (inWorker.length) {
  console.log("\n5. In a Web Worker, where the trainer runs (wasm, batches built by the trainer's pool):");
  for (const r of inWorker) {
    if (r.note) {
      console.log(`  ${r.note}`);
      continue;
    }
    const e = r.eulerSeconds * (100 / r.sampleSteps);
    const vs = torch
      .slice(0, 2)
      .map((t) => `speed ours/PyTorch-${t.threads}-thread${t.threads > 1 ? 's' : ''} ${(t.eulerSeconds / e).toFixed(2)}`)
      .join(', ');
    console.log(
      `  ${r.threads} XNNPACK thread${r.threads === 1 ? '' : 's'}: ${fmt(r.stepsPerSecond)} steps/s (network only ${fmt(r.networkStepsPerSecond)}), ` +
        `Euler 2000×100 ${fmt(e, 3)} s with ${SAMPLERS[r.sampler ?? 'tfjs']}${vs ? ` (${vs})` : ''}` +
        `${r.eulerTfjsSeconds !== undefined ? `, through TF.js ${fmt(r.eulerTfjsSeconds * (100 / r.sampleSteps), 3)} s` : ''}  ${r.load}`,
    );
  }
  const [one, many] = inWorker;
  if (one && many && !one.note && !many.note && (many.threads ?? 1) > 1)
    console.log(
      `  ${many.threads} threads against 1: Euler through TF.js ×${fmt((one.eulerTfjsSeconds ?? one.eulerSeconds) / (many.eulerTfjsSeconds ?? many.eulerSeconds), 2)} as fast (the SIMD kernels run one thread), network step ×${fmt(many.networkStepsPerSecond / one.networkStepsPerSecond, 2)}, ` +
        `full step ×${fmt(many.stepsPerSecond / one.stepsPerSecond, 2)} (the trainer runs one thread: see wasmThreads in train/runner.ts)`,
    );
  else if (one && many && !many.note) console.log('  no threads granted (not cross-origin isolated, or one core)');
}

console.log('\nTargets (issue 17):');
const best512 = Math.max(...ot512.map((r) => r.stepsPerSecond));
const checks: [string, boolean | null, () => void][] = [
  [
    `full step ≥ 1.5× PyTorch-1-thread: ${t1 ? (best128 / t1.fullStepsPerSecond).toFixed(2) : '—'}×`,
    t1 ? best128 >= 1.5 * t1.fullStepsPerSecond : null,
    () => pooled128 && printProfile(pooled128, 'batch 128'),
  ],
  [
    `OT-CFM batch 512 ≥ 2× the baseline: ${(best512 / baseline512.stepsPerSecond).toFixed(2)}×`,
    best512 >= 2 * baseline512.stepsPerSecond,
    () => {
      printProfile(baseline512, 'batch 512, the baseline');
      console.log(
        `  (${run.cores} cores: the exact assignment of a 512 batch takes ${baseline512.batchPhasesMs.coupling.toFixed(1)} ms on one core; the pool can at best spread it over the spare cores)`,
      );
    },
  ],
  [
    `Euler ≥ 1× PyTorch-1-thread: ${t1 ? (t1.eulerSeconds / eulerOurs).toFixed(2) : '—'}×`,
    t1 ? t1.eulerSeconds >= eulerOurs : null,
    () => {
      const p = pooled128?.simdProfile;
      if (p && t1) {
        // Multiply-adds of one evaluation of the default 3×64 network at 2 000 points (2 → 64 → 64 → 64 → 2).
        const flops = 2 * 2000 * (2 * 64 + 2 * 64 * 64 + 64 * 2);
        const ms = (v: number[]) => v.map((x) => fmt(x, 3)).join(' + ');
        const products = p.products.reduce((a, b) => a + b, 0);
        console.log(
          `  profile (Euler, SIMD kernels): one step ${fmt((eulerOurs / 100) * 1000, 2)} ms here, ${fmt((t1.eulerSeconds / 100) * 1000, 2)} ms in PyTorch (1 thread); ` +
            `one evaluation, timed kernel by kernel: products ${ms(p.products)} ms (${fmt(flops / (products * 1e6), 1)} GFLOP/s), ` +
            `activations ${ms(p.activations)} ms, points in, bias at t and velocities out ${fmt(p.transfers, 3)} ms. TF.js's kernels of the same step, for comparison:`,
        );
      }
      const rows = pooled128?.eulerProfile ?? [];
      const total = rows.reduce((s, k) => s + k.ms, 0);
      const kernels = rows.reduce((s, k) => s + k.count, 0);
      console.log(
        `  profile (Euler): one velocity evaluation of 2000 points, ${kernels} kernels, ${total.toFixed(2)} ms of kernel time; ` +
          `one step ${fmt((eulerOurs / 100) * 1000, 2)} ms here, ${t1 ? fmt((t1.eulerSeconds / 100) * 1000, 2) : '—'} ms in PyTorch (1 thread):`,
      );
      for (const k of rows.slice(0, 8)) console.log(`    ${k.name.padEnd(16)} ×${String(k.count).padStart(2)}  ${k.ms.toFixed(3)} ms`);
      // The ceiling: the network's matrix products (XNNPACK, bias and ELU fused) against PyTorch's whole step.
      const products = rows.find((k) => k.name === '_FusedMatMul');
      if (products && t1)
        console.log(
          `  the ${products.count} matrix products alone take ${products.ms.toFixed(2)} ms, ` +
            `${fmt((100 * products.ms) / ((t1.eulerSeconds / 100) * 1000), 0)} % of PyTorch's whole step: with every other kernel free the ratio would be ` +
            `${fmt(((t1.eulerSeconds / 100) * 1000) / products.ms, 2)}× (TF.js: XNNPACK's 128-bit wasm SIMD without FMA; PyTorch: 256-bit or wider x86 SIMD with FMA)`,
        );
    },
  ],
];
for (const [label, ok, profile] of checks) {
  console.log(`  ${ok === null ? 'not measured' : ok ? 'met   ' : 'MISSED'}  ${label}`);
  if (ok === false) profile();
}
