/**
 * The exact assignment solver against an independent reference: every permutation, by brute force,
 * for n ≤ 6 (real costs, integer costs with many ties, constant costs), and for larger n the dual
 * certificate, which proves optimality by itself (LP duality: a feasible dual whose value equals the
 * primal cost). Each start ('jv', 'auction', 'auto') must reach the same optimum; 'auto' switches to
 * the auction at n ≥ 32 on geometric costs, so that path is exercised too.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/lib/core/rng.ts';
import { solveAssignment, solveAssignmentFull, squaredEuclideanCost, type AssignmentOptions } from '../../../src/lib/core/assignment.ts';

const INITS: NonNullable<AssignmentOptions['init']>[] = ['jv', 'auction', 'auto'];

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  const out: number[][] = [];
  for (const p of permutations(n - 1))
    for (let k = 0; k <= p.length; k++) {
      const q = p.slice();
      q.splice(k, 0, n - 1);
      out.push(q);
    }
  return out;
}

function bruteMin(cost: ArrayLike<number>, n: number): number {
  let best = Infinity;
  for (const p of permutations(n)) {
    let s = 0;
    for (let i = 0; i < n; i++) s += cost[i * n + p[i]];
    if (s < best) best = s;
  }
  return best;
}

/** rowToCol is a permutation, the reported cost is its cost, and (u, v) certify it (tolerance tol). */
function expectCertified(cost: ArrayLike<number>, n: number, init: AssignmentOptions['init'], tol = 1e-9): number {
  const r = solveAssignmentFull(cost, n, { init });
  expect([...r.rowToCol].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
  let primal = 0;
  for (let i = 0; i < n; i++) primal += cost[i * n + r.rowToCol[i]];
  expect(r.cost).toBe(primal);
  let dual = 0;
  for (let i = 0; i < n; i++) dual += r.u[i] + r.v[i];
  expect(Math.abs(dual - primal)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(primal)));
  let minReduced = Infinity;
  let maxTight = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const red = cost[i * n + j] - r.u[i] - r.v[j];
      minReduced = Math.min(minReduced, red);
      if (r.rowToCol[i] === j) maxTight = Math.max(maxTight, Math.abs(red));
    }
  if (n > 0) {
    expect(minReduced).toBeGreaterThanOrEqual(-tol);
    expect(maxTight).toBeLessThanOrEqual(tol);
  }
  return r.cost;
}

describe('solveAssignment: brute force for n ≤ 6', () => {
  const rng = new Rng(20261204);
  const cases: { name: string; n: number; cost: Float64Array }[] = [];
  for (let n = 1; n <= 6; n++)
    for (let rep = 0; rep < 8; rep++) {
      cases.push({ name: `real n=${n} #${rep}`, n, cost: Float64Array.from({ length: n * n }, () => rng.uniform() * 10 - 3) });
      // Few distinct values: many ties, which exercise the tie-breaking of every phase.
      cases.push({ name: `ties n=${n} #${rep}`, n, cost: Float64Array.from({ length: n * n }, () => rng.int(3)) });
    }
  for (let n = 1; n <= 5; n++) cases.push({ name: `constant n=${n}`, n, cost: new Float64Array(n * n).fill(2.5) });
  // One row much cheaper everywhere (JV's column reduction gives it every column).
  cases.push({ name: 'dominant row', n: 5, cost: Float64Array.from({ length: 25 }, (_, k) => (k < 5 ? k * 0.01 : 5 + ((k * 7) % 11))) });
  // An anti-diagonal optimum.
  cases.push({
    name: 'anti-diagonal',
    n: 6,
    cost: Float64Array.from({ length: 36 }, (_, k) => (Math.floor(k / 6) + (k % 6) === 5 ? 0 : 1 + (k % 4))),
  });

  it('reaches the minimum over all permutations, with a dual certificate, from every start', () => {
    for (const c of cases) {
      const best = bruteMin(c.cost, c.n);
      for (const init of INITS) {
        const got = expectCertified(c.cost, c.n, init);
        expect(Math.abs(got - best), `${c.name}, ${init}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(best)));
      }
    }
  });

  it('solveAssignment returns the same permutation as the full result', () => {
    const c = cases[20];
    expect([...solveAssignment(c.cost, c.n)]).toEqual([...solveAssignmentFull(c.cost, c.n).rowToCol]);
    expect([...solveAssignment(c.cost, c.n, { init: 'auction' })]).toEqual([
      ...solveAssignmentFull(c.cost, c.n, { init: 'auction' }).rowToCol,
    ]);
  });
});

describe('solveAssignment: larger problems (certificate, and every start agrees)', () => {
  it('squared distances, n = 48 (auto switches to the auction), and the identity when the sets coincide', () => {
    const rng = new Rng(7);
    const n = 48;
    const a = Float64Array.from({ length: 2 * n }, () => rng.normal());
    const b = Float64Array.from({ length: 2 * n }, () => rng.normal() + 0.5);
    const cost = squaredEuclideanCost(a, n, b, n, 2);
    const costs = INITS.map((init) => expectCertified(cost, n, init, 1e-9));
    for (const c of costs) expect(Math.abs(c - costs[0])).toBeLessThanOrEqual(1e-9 * costs[0]);
    // A set matched with itself: the identity, cost 0.
    const self = squaredEuclideanCost(a, n, a, n, 2);
    for (const init of INITS) {
      const r = solveAssignmentFull(self, n, { init });
      expect(r.cost).toBe(0);
      expect([...r.rowToCol]).toEqual(Array.from({ length: n }, (_, i) => i));
    }
  });

  it('integer costs with ties, n = 40, and a shuffled diagonal', () => {
    const rng = new Rng(11);
    const n = 40;
    const cost = Float64Array.from({ length: n * n }, () => rng.int(5));
    const costs = INITS.map((init) => expectCertified(cost, n, init, 1e-9));
    expect(new Set(costs).size).toBe(1);
    // Zero cost exactly on a hidden permutation, positive elsewhere: that permutation is the unique optimum.
    const perm = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [perm[i], perm[j]] = [perm[j], perm[i]];
    }
    const hidden = Float64Array.from({ length: n * n }, (_, k) => (perm[Math.floor(k / n)] === k % n ? 0 : 1 + rng.int(9)));
    for (const init of INITS) {
      const r = solveAssignmentFull(hidden, n, { init });
      expect(r.cost).toBe(0);
      expect([...r.rowToCol]).toEqual(perm);
    }
  });

  it('n = 0 is the empty assignment, and a short cost matrix is refused', () => {
    const r = solveAssignmentFull(new Float64Array(0), 0);
    expect(r.rowToCol.length).toBe(0);
    expect(r.cost).toBe(0);
    expect(() => solveAssignmentFull(new Float64Array(8), 3)).toThrow(/n·n entries/);
  });
});

describe('squaredEuclideanCost', () => {
  it('is ‖aᵢ − bⱼ‖² in an n × m row-major matrix', () => {
    const a = [0, 0, 1, 1, 2, -1, 3, 0, 0]; // (0, 0, 1), (1, 2, −1), (3, 0, 0)
    const b = [1, 2, 3, 0, 0, 0]; // (1, 2, 3), (0, 0, 0)
    const c = squaredEuclideanCost(a, 3, b, 2, 3);
    expect(c.length).toBe(6);
    expect([...c]).toEqual([1 + 4 + 4, 0 + 0 + 1, 0 + 0 + 16, 1 + 4 + 1, 4 + 4 + 9, 9 + 0 + 0]);
  });
});
