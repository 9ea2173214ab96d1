/**
 * Benchmarks of the core (run: npm run bench:core [-- --quick]):
 * - exact minibatch OT (assignment solver) for n = 128, 256, 512, 1024 on the squared Euclidean cost
 *   between a standard-normal batch and a moons batch (the CFM use case), median of several runs,
 *   with the auction's bids in JavaScript and on the SIMD kernel (src/lib/simd/auction-scan.ts);
 * - the closed-form marginal field (Theorem 1) for 1000 targets in 2D: points per second;
 * - Sinkhorn (ε = 0.05, TorchCFM's default), log-domain and stabilised, for n = 128 and 256.
 * Reports CPU time (process.cpuUsage) next to wall time, and the load average: on a shared,
 * loaded machine wall time scales with the load while CPU time stays close to the unloaded figure.
 */
import os from 'node:os';
import {
  Rng,
  getPath,
  marginalVelocity,
  sampleDataset,
  sinkhornLog,
  solveAssignment,
  squaredEuclideanCost,
} from '../src/lib/core/index.ts';
import { squaredEuclideanStart } from '../src/lib/core/assignment.ts';
import { auctionScan } from '../src/lib/simd/auction-scan.ts';

const quick = process.argv.includes('--quick');

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}

/** Wall-clock milliseconds of fn. */
function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

/** CPU milliseconds (user + system) of fn: steadier than wall time on a shared, loaded machine. */
function cpuTime(fn: () => void): number {
  const before = process.cpuUsage();
  fn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

console.log(
  `node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), load average ${os
    .loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);

console.log(
  "\nExact minibatch OT (shortest augmenting paths from the start the couplings use, squaredEuclideanStart), normal → moons, squared Euclidean cost; 'auto' and 'jv' beside it",
);
const rng = new Rng(2026);
const otResults: Record<number, { cpu: number; wall: number }> = {};
for (const n of [128, 256, 512, 1024]) {
  const runs = quick ? 3 : n >= 1024 ? 5 : 9;
  const cpu: number[] = [];
  const wall: number[] = [];
  const auto: number[] = [];
  const jv: number[] = [];
  const simd: number[] = [];
  let same = true;
  const init = squaredEuclideanStart(n);
  const scan = auctionScan(n);
  const solveOnScan = (cost: Float64Array): Int32Array => {
    if (!scan) return new Int32Array(0);
    scan.cost.set(cost);
    return solveAssignment(scan.cost, n, { init, scan });
  };
  for (let r = -1; r < runs; r++) {
    const x0 = sampleDataset('normal', n, rng);
    const x1 = sampleDataset('moons', n, rng);
    const cost = squaredEuclideanCost(x0, n, x1, n, 2);
    if (r < 0) {
      // warm-up: both starts once, not counted
      solveAssignment(cost, n, { init });
      solveAssignment(cost, n, { init: 'auto' });
      solveAssignment(cost, n, { init: 'jv' });
      solveOnScan(cost);
      continue;
    }
    // Alternate which solve goes first, so neither always meets a cold cache or a pending GC.
    const autoFirst = r % 2 === 1;
    if (autoFirst) auto.push(time(() => solveAssignment(cost, n, { init: 'auto' })));
    let w = 0;
    cpu.push(
      cpuTime(() => {
        w = time(() => solveAssignment(cost, n, { init }));
      }),
    );
    wall.push(w);
    if (!autoFirst) auto.push(time(() => solveAssignment(cost, n, { init: 'auto' })));
    jv.push(time(() => solveAssignment(cost, n, { init: 'jv' })));
    let onScan: Int32Array = new Int32Array(0);
    simd.push(time(() => (onScan = solveOnScan(cost))));
    if (scan && onScan.join() !== solveAssignment(cost, n, { init }).join()) same = false;
  }
  otResults[n] = { cpu: +median(cpu).toFixed(1), wall: +median(wall).toFixed(1) };
  console.log(
    `  n = ${String(n).padStart(4)}: median ${median(cpu).toFixed(1)} ms CPU, ${median(wall).toFixed(1)} ms wall over ${runs} runs (CPU min ${Math.min(...cpu).toFixed(1)}, max ${Math.max(...cpu).toFixed(1)}); start '${init}': 'auto' takes ${(median(auto) / median(wall)).toFixed(2)}× its wall time (${median(auto).toFixed(1)} ms), 'jv' ${(median(jv) / median(wall)).toFixed(2)}× (${median(jv).toFixed(1)} ms)`,
  );
  console.log(
    scan
      ? `           bids on the SIMD kernel: ${median(simd).toFixed(2)} ms wall, ×${(median(wall) / median(simd)).toFixed(2)} as fast, ${same ? 'the same assignment every run' : 'A DIFFERENT ASSIGNMENT'}`
      : '           no WebAssembly SIMD here: the kernel was not timed',
  );
}

console.log('\nClosed-form marginal field (Theorem 1, log-sum-exp), 1000 targets (moons), d = 2, I-CFM σ = 0.1, t = 0.5');
{
  const targets = sampleDataset('moons', 1000, rng);
  const path = getPath('icfm', { sigma: 0.1 });
  const n = 2000;
  const x = sampleDataset('normal', n, rng);
  marginalVelocity(path, x.subarray(0, 200), 100, 0.5, targets, 1000, 2); // warm-up
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let r = 0; r < (quick ? 3 : 7); r++) {
    let w = 0;
    cpu.push(
      cpuTime(() => {
        w = time(() => marginalVelocity(path, x, n, 0.5, targets, 1000, 2));
      }),
    );
    wall.push(w);
  }
  const ms = median(cpu);
  console.log(
    `  ${n} points: median ${ms.toFixed(1)} ms CPU (${median(wall).toFixed(1)} ms wall) → ${Math.round((n / ms) * 1000).toLocaleString('en-US')} points/s per core (${Math.round(((n * 1000) / ms) * 1000).toLocaleString('en-US')} point–target pairs/s)`,
  );
}

console.log('\nSinkhorn with ε-scaling, ε = 0.05 (absolute), normal → moons, tol 1e-6: log-domain vs stabilised');
for (const n of [128, 256]) {
  const x0 = sampleDataset('normal', n, rng);
  const x1 = sampleDataset('moons', n, rng);
  const cost = squaredEuclideanCost(x0, n, x1, n, 2);
  for (const method of ['log', 'stabilized'] as const) {
    let iters = 0;
    const ms = cpuTime(() => {
      iters = sinkhornLog(cost, n, n, 0.05, { method }).iterations;
    });
    console.log(`  n = ${n}, ${method.padEnd(10)}: ${ms.toFixed(0)} ms CPU, ${iters} iterations`);
  }
}

console.log(`\nSummary, exact OT median ms: ${JSON.stringify(otResults)}`);
