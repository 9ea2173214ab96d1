/**
 * `npm run bench`: the default train-cfm trainer in headless Chromium on every backend, next to the
 * same model, batch and optimiser in PyTorch on this CPU. Builds nothing: run `npm run build` first.
 *
 * For each backend it opens /widgets/train-cfm-bench/?backend=<name> on a local server over dist/
 * and calls the page's `__cfmBench`, which trains on the main thread for a few seconds and reports
 * full steps/s (batch construction + coupling + network step), network-only steps/s, kernels per
 * step and Euler sampling time for 2000 points × 100 steps. Then it runs
 * scripts/bench-pytorch-mlp.py with /usr/bin/python3 and prints the ratios browser/PyTorch.
 *
 *   npm run bench -- --seconds 8 --backends wasm,cpu,webgl,webgpu
 */
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { launchBrowser, serveDist } from '../test/e2e/harness.ts';

const { values: a } = parseArgs({
  options: {
    seconds: { type: 'string', default: '8' },
    backends: { type: 'string', default: 'wasm,cpu,webgl,webgpu' },
    'no-pytorch': { type: 'boolean', default: false },
  },
});
const seconds = Number(a.seconds);
const backends = a.backends
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);

interface Row {
  backend: string;
  software: boolean;
  stepsPerSecond: number;
  networkStepsPerSecond: number;
  batchesPerSecond: number;
  kernelsPerStep: number;
  eulerSeconds: number;
  sampleSteps: number;
  samplePoints: number;
  lastLoss: number;
  w2: number;
  note?: string;
}

const server = await serveDist(process.env.DIST || undefined);
const browser = await launchBrowser();
const rows: Row[] = [];
try {
  for (const name of backends) {
    const page = await browser.newPage();
    try {
      await page.goto(`${server.url}/widgets/train-cfm-bench/?backend=${name}`, { waitUntil: 'load' });
      await page.waitForFunction(() => document.documentElement.dataset.benchReady === '1', null, { timeout: 60_000 });
      // WebGPU on a software adapter is ~25× slower with a long warm-up: measure it briefly, smaller sampling.
      const slow = name === 'webgpu';
      const r = await page.evaluate(
        (o) => (window as unknown as { __cfmBench: (o: object) => Promise<Record<string, unknown>> }).__cfmBench(o),
        {
          seconds: slow ? Math.min(seconds, 6) : seconds,
          warmup: slow ? 3 : 10,
          samplePoints: 2000,
          sampleSteps: slow ? 10 : 100,
          evalPoints: slow ? 200 : 500,
        },
      );
      const choice = r.choice as { name: string; isFallback: boolean; reason: string };
      if (choice.name !== name) {
        rows.push({ backend: name, note: `unavailable (${choice.reason})` } as Row);
        continue;
      }
      rows.push({
        backend: name,
        software: choice.isFallback,
        stepsPerSecond: r.stepsPerSecond as number,
        networkStepsPerSecond: r.networkStepsPerSecond as number,
        batchesPerSecond: r.batchesPerSecond as number,
        kernelsPerStep: r.kernelsPerStep as number,
        eulerSeconds: r.eulerSeconds as number,
        sampleSteps: r.sampleSteps as number,
        samplePoints: r.samplePoints as number,
        lastLoss: r.lastLoss as number,
        w2: r.w2 as number,
      });
    } catch (err) {
      rows.push({ backend: name, note: `failed: ${String(err).split('\n')[0]}` } as Row);
    } finally {
      await page.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}

const fmt = (x: number | undefined, d = 1) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(d) : '—');
console.log('\nTF.js in headless Chromium (default trainer: 3×64 SELU + 3 time frequencies, batch 128, exact minibatch OT, AdamW):');
console.log('backend   software  steps/s  network-only  batches/s  kernels/step  Euler 2000×100 (s)  final loss  W2');
for (const r of rows) {
  if (r.note) {
    console.log(`${r.backend.padEnd(9)} ${r.note}`);
    continue;
  }
  const euler = r.eulerSeconds * (100 / r.sampleSteps);
  console.log(
    `${r.backend.padEnd(9)} ${String(r.software).padEnd(9)} ${fmt(r.stepsPerSecond).padStart(7)}  ${fmt(r.networkStepsPerSecond).padStart(12)}  ${fmt(r.batchesPerSecond, 0).padStart(9)}  ${String(r.kernelsPerStep).padStart(12)}  ${fmt(euler, 2).padStart(18)}${r.sampleSteps !== 100 ? '*' : ' '}  ${fmt(r.lastLoss, 3).padStart(10)}  ${fmt(r.w2, 3)}`,
  );
}
if (rows.some((r) => !r.note && r.sampleSteps !== 100)) console.log('* extrapolated from a shorter run (software WebGPU)');

if (!a['no-pytorch']) {
  const script = resolve(import.meta.dirname, 'bench-pytorch-mlp.py');
  const out = execFileSync('/usr/bin/python3', [script, '--seconds', String(Math.max(4, seconds))], {
    env: { ...process.env, OMP_NUM_THREADS: '1' },
    encoding: 'utf8',
  });
  const py = JSON.parse(out.trim().split('\n').at(-1)!);
  console.log(`\nPyTorch ${py.torch} on the CPU (${py.threads} thread), same model/batch/optimiser/coupling:`);
  console.log(
    `  full step ${py.fullStepsPerSecond} steps/s, network-only ${py.networkStepsPerSecond} steps/s, batches ${py.batchesPerSecond}/s, Euler 2000×100 ${py.eulerSeconds} s`,
  );
  const ok = rows.filter((r) => !r.note);
  const best = ok.reduce<Row | null>((b, r) => (!b || r.stepsPerSecond > b.stepsPerSecond ? r : b), null);
  const bestNet = ok.reduce<Row | null>((b, r) => (!b || r.networkStepsPerSecond > b.networkStepsPerSecond ? r : b), null);
  if (best && bestNet) {
    console.log(
      `\nratio browser/PyTorch, full training step: ${(best.stepsPerSecond / py.fullStepsPerSecond).toFixed(2)} (${best.backend})`,
    );
    console.log(
      `ratio browser/PyTorch, network step only:  ${(bestNet.networkStepsPerSecond / py.networkStepsPerSecond).toFixed(2)} (${bestNet.backend})`,
    );
    const bestEuler = ok
      .filter((r) => r.sampleSteps === 100)
      .reduce<Row | null>((b, r) => (!b || r.eulerSeconds < b.eulerSeconds ? r : b), null);
    if (bestEuler)
      console.log(
        `ratio browser/PyTorch, Euler sampling speed: ${(py.eulerSeconds / bestEuler.eulerSeconds).toFixed(2)} (${bestEuler.backend})`,
      );
  }
}
