/**
 * How much work the exact assignment does, counted, not timed: reads of the cost matrix per entry,
 * for each start ('jv', 'auction', 'auto') on three kinds of cost (squared distances between a
 * Gaussian sample and the moons, uniform noise, integers 0–3 with many ties) at n = 16, 64, 96, and
 * Gaussian → 8 Gaussians at n = 200 and Gaussian → moons at n = 256.
 *
 * assignment.test.ts proves every start optimal; this file guards what the starts are for. The
 * shortest-augmenting-path phase repairs any dual-feasible start, so a start that is broken (a
 * reduction skipped, an ε-schedule that never refines, a bid that ignores the second-best column,
 * prices that do not become the duals) still ends at the optimum, only slower. The counts are
 * deterministic for these seeds; each bound is the count measured when the file was written plus
 * 10 %. A change that makes the solver slower fails here; one that makes it faster passes (lower the
 * table then, so that the guard stays close). Against assignment.test.ts alone, 175 mutants of
 * assignment.ts survived, nearly all of this kind (reports/mutation-summary.md has the score now).
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/lib/core/rng.ts';
import { sampleDataset } from '../../../src/lib/core/datasets.ts';
import {
  solveAssignmentFull,
  squaredEuclideanCost,
  squaredEuclideanStart,
  type AssignmentOptions,
} from '../../../src/lib/core/assignment.ts';

type Init = NonNullable<AssignmentOptions['init']>;

/** Reads per entry measured on 2026-12-06 (jv, auction, auto). */
const MEASURED: Record<string, Record<Init, number>> = {
  'geometric n=16': { jv: 6.78, auction: 21.36, auto: 6.78 },
  'uniform n=16': { jv: 2.2, auction: 13.79, auto: 2.2 },
  'ties n=16': { jv: 2.72, auction: 25.93, auto: 2.72 },
  'geometric n=64': { jv: 16.24, auction: 25.57, auto: 30.76 },
  'uniform n=64': { jv: 5.99, auction: 19.01, auto: 5.99 },
  'ties n=64': { jv: 3.18, auction: 35.62, auto: 38.02 },
  'geometric n=96': { jv: 21.78, auction: 38.65, auto: 43.78 },
  'uniform n=96': { jv: 6.49, auction: 23.68, auto: 6.49 },
  'ties n=96': { jv: 3.45, auction: 39.68, auto: 42.27 },
  'geometric n=200': { jv: 33.97, auction: 31.07, auto: 36.09 },
  'geometric n=256': { jv: 53.59, auction: 29.86, auto: 35.0 },
};

function cases(): { name: string; n: number; cost: Float64Array }[] {
  const rng = new Rng(20261206);
  const out: { name: string; n: number; cost: Float64Array }[] = [];
  for (const n of [16, 64, 96]) {
    out.push({ name: `geometric n=${n}`, n, cost: squaredEuclideanCost(rng.normals(2 * n), n, sampleDataset('moons', n, rng), n, 2) });
    out.push({ name: `uniform n=${n}`, n, cost: Float64Array.from({ length: n * n }, () => rng.uniform()) });
    out.push({ name: `ties n=${n}`, n, cost: Float64Array.from({ length: n * n }, () => rng.int(4)) });
  }
  // Large enough for the auction's ε-scaling to run several phases; at n = 256 the auction start is
  // what makes the solve cheap (30 reads per entry against JV's 54).
  for (const [n, target] of [
    [200, '8gaussians'],
    [256, 'moons'],
  ] as const)
    out.push({ name: `geometric n=${n}`, n, cost: squaredEuclideanCost(rng.normals(2 * n), n, sampleDataset(target, n, rng), n, 2) });
  return out;
}

/** Solves with every read of the cost matrix counted; returns reads per entry and the result. */
function countedSolve(cost: Float64Array, n: number, init: Init) {
  let reads = 0;
  const counted = new Proxy(cost, {
    get(target, key) {
      if (typeof key === 'string' && key !== 'length') reads++;
      return Reflect.get(target, key) as unknown;
    },
  });
  const result = solveAssignmentFull(counted, n, { init });
  return { perEntry: reads / (n * n), result };
}

describe('exact assignment: work per start', () => {
  const all = cases();
  for (const init of ['jv', 'auction', 'auto'] as const)
    it(`'${init}' reads each cost entry no more often than measured (+10 %), and all starts agree`, () => {
      for (const c of all) {
        const { perEntry, result } = countedSolve(c.cost, c.n, init);
        expect(perEntry, `${c.name}, ${init}`).toBeLessThanOrEqual(1.1 * MEASURED[c.name][init]);
        const reference = solveAssignmentFull(c.cost, c.n, { init: 'jv' }).cost;
        expect(Math.abs(result.cost - reference), c.name).toBeLessThanOrEqual(1e-9 * Math.max(1, reference));
      }
    });

  it("is what the starts are for: at n = 256 on squared distances, 'auction' and 'auto' read far less than 'jv'", () => {
    const c = all.find((k) => k.name === 'geometric n=256')!;
    const jv = countedSolve(c.cost, c.n, 'jv').perEntry;
    expect(countedSolve(c.cost, c.n, 'auction').perEntry).toBeLessThan(0.7 * jv);
    expect(countedSolve(c.cost, c.n, 'auto').perEntry).toBeLessThan(0.7 * jv);
  });

  it("squaredEuclideanStart (the couplings' and W₂'s start) reads no more than 'auto' on every squared-distance case, and far less from n = 64", () => {
    for (const c of all.filter((k) => k.name.startsWith('geometric'))) {
      const chosen = countedSolve(c.cost, c.n, squaredEuclideanStart(c.n)).perEntry;
      const auto = countedSolve(c.cost, c.n, 'auto').perEntry;
      expect(chosen, c.name).toBeLessThanOrEqual(auto);
      if (c.n >= 64) expect(chosen, c.name).toBeLessThan(0.9 * auto);
    }
  });
});
