/**
 * The auction's bid on the WebAssembly SIMD kernel (src/lib/simd/auction-scan.ts) against the
 * scalar bid it replaces (core/assignment-auction.ts's `continueBid`, restated here): the same column, minimum and second minimum, bit for bit, ties included;
 * hence the same solve (assignment, duals, cost) on real, tied and geometric costs, the same
 * couplings and W₂, and the trainer's batches built on it.
 */
import { describe, expect, it, vi } from 'vitest';
import { Rng } from '../../../src/lib/core/rng.ts';
import { solveAssignmentFull, squaredEuclideanCost } from '../../../src/lib/core/assignment.ts';
import { couple } from '../../../src/lib/core/couplings.ts';
import { w2Exact } from '../../../src/lib/core/metrics.ts';
import { sampleDataset } from '../../../src/lib/core/datasets.ts';
import { auctionScan, bidInJavaScript } from '../../../src/lib/simd/auction-scan.ts';
import type { BidScan } from '../../../src/lib/core/assignment.ts';
import { wholeBid } from '../helpers/whole-bid.ts';

const scanCalls = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../../src/lib/simd/auction-scan.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src/lib/simd/auction-scan.ts')>();
  return {
    ...original,
    auctionScan: (n: number) => {
      scanCalls.count++;
      return original.auctionScan(n);
    },
  };
});

function kernelBid(n: number, i: number): [number, number, number] {
  const scan = auctionScan(n)!;
  const j1 = scan.bestTwo(i);
  return [j1, scan.best[0], scan.best[1]];
}

const SIZES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 64, 127, 128, 130];

describe('auctionScan: one bid', () => {
  it('compiles here (Node has WebAssembly SIMD)', () => {
    expect(auctionScan(8)).not.toBeNull();
  });

  it('finds the scalar loop’s column, minimum and second minimum on random rows, every size', () => {
    const rng = new Rng(11);
    for (const n of SIZES) {
      const scan = auctionScan(n)!;
      for (let k = 0; k < n * n; k++) scan.cost[k] = rng.normal() * 10;
      for (let j = 0; j < n; j++) scan.prices[j] = rng.uniform();
      for (let i = 0; i < n; i++) expect(kernelBid(n, i), `n = ${n}, row ${i}`).toEqual(wholeBid(scan.cost, scan.prices, i, n));
    }
  });

  it('breaks ties as the scalar loop does: the first minimising column, w₂ = w₁, in every lane and in the tail', () => {
    for (const n of [5, 8, 9, 11, 16]) {
      const scan = auctionScan(n)!;
      scan.prices.fill(0);
      // Row i: every value 9, except the minimum 1 at two columns (a, b) chosen to cover all lane pairs.
      let rows = 0;
      for (let a = 0; a < n; a++)
        for (let b = a; b < n; b++) {
          const i = rows++ % n;
          for (let j = 0; j < n; j++) scan.cost[i * n + j] = j === a || j === b ? 1 : 9;
          const expected = wholeBid(scan.cost, scan.prices, i, n);
          expect(expected[0]).toBe(a);
          expect(kernelBid(n, i), `n = ${n}, minimum at ${a} and ${b}`).toEqual(expected);
        }
      // A constant row: column 0, w₁ = w₂.
      for (let j = 0; j < n; j++) scan.cost[j] = 3;
      expect(kernelBid(n, 0)).toEqual([0, 3, 3]);
    }
  });

  it('keeps its views valid when the memory grows and a smaller n comes back', () => {
    const small = auctionScan(16)!;
    expect(auctionScan(16)).toBe(small);
    const big = auctionScan(700)!;
    expect(big.cost.length).toBe(700 * 700);
    const again = auctionScan(16)!;
    again.cost.fill(2);
    again.prices.fill(0);
    again.cost[5] = 1;
    expect(kernelBid(16, 0)).toEqual([5, 1, 2]);
  });

  it('can be switched off for a benchmark’s baseline, and back on', () => {
    expect(bidInJavaScript(true)).toBe(false);
    expect(auctionScan(32)).toBeNull();
    expect(bidInJavaScript(false)).toBe(true);
    expect(auctionScan(32)).not.toBeNull();
  });

  it('is refused by the solver unless the cost matrix is its own', () => {
    const scan = auctionScan(4)!;
    expect(() => solveAssignmentFull(new Float64Array(16), 4, { init: 'auction', scan })).toThrow(/bid scan/);
  });
});

describe('auctionScan: whole solves are the same with and without it', () => {
  function expectSameSolve(cost: Float64Array, n: number): void {
    const plain = solveAssignmentFull(cost, n, { init: 'auction' });
    const scan = auctionScan(n)!;
    scan.cost.set(cost);
    const fast = solveAssignmentFull(scan.cost, n, { init: 'auction', scan });
    expect(Array.from(fast.rowToCol)).toEqual(Array.from(plain.rowToCol));
    expect(Array.from(fast.u)).toEqual(Array.from(plain.u));
    expect(Array.from(fast.v)).toEqual(Array.from(plain.v));
    expect(fast.cost).toBe(plain.cost);
  }

  it('is what the solver bids with: every bid and every final minimum comes from it', () => {
    const n = 96;
    const inner = auctionScan(n)!;
    const rng = new Rng(9);
    inner.cost.set(squaredEuclideanCost(sampleDataset('normal', n, rng), n, sampleDataset('moons', n, rng), n, 2));
    let calls = 0;
    const counting: BidScan = {
      n,
      cost: inner.cost,
      prices: inner.prices,
      best: inner.best,
      bestTwo: (i) => {
        calls++;
        return inner.bestTwo(i);
      },
    };
    const plain = solveAssignmentFull(Float64Array.from(inner.cost), n, { init: 'auction' });
    const fast = solveAssignmentFull(inner.cost, n, { init: 'auction', scan: counting });
    expect(Array.from(fast.rowToCol)).toEqual(Array.from(plain.rowToCol));
    // At least one bid per row in the last ε phase alone, and one final minimum per row.
    expect(calls).toBeGreaterThanOrEqual(2 * n);
    // A scan that reports each minimum 1 too low changes the duals: the solver uses its answers.
    const lying: BidScan = {
      ...counting,
      bestTwo: (i) => {
        const j = inner.bestTwo(i);
        inner.best[0] -= 1;
        return j;
      },
    };
    expect(Array.from(solveAssignmentFull(inner.cost, n, { init: 'auction', scan: lying }).u)).not.toEqual(Array.from(plain.u));
  });

  it('real costs, integer costs with many ties, and squared distances, n = 1 to 257', () => {
    const rng = new Rng(5);
    for (const n of [...SIZES, 257]) {
      const real = Float64Array.from({ length: n * n }, () => rng.uniform() * 10);
      const ties = Float64Array.from({ length: n * n }, () => Math.floor(rng.uniform() * 4));
      const geometric = squaredEuclideanCost(sampleDataset('normal', n, rng), n, sampleDataset('moons', n, rng), n, 2);
      for (const cost of [real, ties, geometric]) expectSameSolve(cost, n);
    }
  });

  it('exact-OT couplings and W₂ give the same pairs and the same number', () => {
    for (const n of [64, 128, 200]) {
      const rng = new Rng(n);
      const x0 = sampleDataset('normal', n, rng);
      const x1 = sampleDataset('8gaussians', n, rng);
      const before = scanCalls.count;
      const fast = couple('exact-ot', x0, x1, n, 2, new Rng(1), { bidScan: auctionScan });
      expect(scanCalls.count).toBe(before + 1);
      const plain = couple('exact-ot', x0, x1, n, 2, new Rng(1));
      expect(Array.from(fast.x1)).toEqual(Array.from(plain.x1));
      expect(w2Exact(x0, x1, n, 2, auctionScan)).toBe(w2Exact(x0, x1, n, 2));
    }
  });

  it('the benchmark reports where the bids ran, and its JavaScript baseline leaves the kernel on', async () => {
    const { activateAndCheck } = await import('../../../src/lib/nn/backend.ts');
    const { runBenchmark } = await import('../../../src/lib/engine/train/benchmark.ts');
    expect(await activateAndCheck('cpu')).toBe(true);
    const run = (settings: object, bidsInJavaScript?: boolean) =>
      runBenchmark({
        settings: { width: 8, depth: 1, timeFreqs: 1, ...settings },
        steps: 2,
        warmup: 1,
        evalPoints: 16,
        samplePoints: 8,
        sampleSteps: 1,
        quick: true,
        bidsInJavaScript,
      });
    expect((await run({ coupling: 'exact-ot', batch: 64 })).otBids).toBe('simd');
    expect((await run({ coupling: 'exact-ot', batch: 64 }, true)).otBids).toBe('javascript');
    expect(auctionScan(64)).not.toBeNull(); // restored after the baseline
    expect((await run({ coupling: 'exact-ot', batch: 32 })).otBids).toBe('none'); // the JV start
    expect((await run({ coupling: 'independent', batch: 64 })).otBids).toBe('none');
  });

  it('the trainer’s batch builder bids on it for exact OT', async () => {
    const { BatchMaker } = await import('../../../src/lib/engine/train/batch.ts');
    const { cleanSettings } = await import('../../../src/lib/engine/train/settings.ts');
    const { settings } = cleanSettings({ coupling: 'exact-ot', batch: 128 });
    const before = scanCalls.count;
    const batch = new BatchMaker(settings, new Rng(3)).next();
    expect(batch.n).toBe(128);
    expect(scanCalls.count).toBe(before + 1);
  });
});
