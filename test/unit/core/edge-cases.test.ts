/**
 * The core's guards and degenerate cases, each with the behaviour a caller relies on: bad input
 * throws with a message naming the problem (never a silent NaN); far-away points, empty or
 * single-point sets, zero-length time steps and zero fields give the limit, not a division by zero.
 */
import { describe, expect, it } from 'vitest';
import {
  Rng,
  empiricalDataset,
  energyDistance,
  getPath,
  integrate,
  logSumExp,
  marginalVelocity,
  pathEnergy,
  posteriorWeights,
  sampleDataset,
  sinkhornLog,
  squaredEuclideanCost,
  straightness,
  targetConditionalVelocity,
  w2SquaredExact,
} from '../../../src/lib/core/index.ts';

describe('closed form far from every target, and its preconditions', () => {
  it('at a point so far away that every log-weight underflows to −∞, the weights are uniform and the field is their average', () => {
    const path = getPath('icfm', { sigma: 0.1 });
    const targets = Float64Array.of(-1, 2);
    const x = Float64Array.of(1e200);
    const w = posteriorWeights(path, x, 0.5, targets, 2, 1);
    expect(Array.from(w)).toEqual([0.5, 0.5]);
    const u = marginalVelocity(path, x, 1, 0.5, targets, 2, 1)[0];
    const mean =
      0.5 *
      (targetConditionalVelocity(path, x, 0.5, targets.subarray(0, 1), 1)[0] +
        targetConditionalVelocity(path, x, 0.5, targets.subarray(1, 2), 1)[0]);
    expect(Number.isFinite(u)).toBe(true);
    expect(u / mean).toBeCloseTo(1, 12);
  });

  it('an empirical source needs a two-sided path with c(t) > 0', () => {
    const src = Float64Array.of(0, 1);
    const opts = { source: src, nSource: 2, plan: Float64Array.of(0.25, 0.25, 0.25, 0.25) };
    expect(() => marginalVelocity(getPath('ot'), Float64Array.of(0), 1, 0.5, src, 2, 1, opts)).toThrow(/two-sided/);
    expect(() => marginalVelocity(getPath('rectified'), Float64Array.of(0), 1, 0.5, src, 2, 1, opts)).toThrow(/c\(t\) > 0/);
  });
});

describe('distributions and datasets', () => {
  it('logSumExp: −∞ when every term is −∞, +∞ when one is +∞, exact for ordinary terms', () => {
    expect(logSumExp([-Infinity, -Infinity])).toBe(-Infinity);
    expect(logSumExp([1, Infinity])).toBe(Infinity);
    expect(logSumExp([Math.log(2), Math.log(3)])).toBeCloseTo(Math.log(5), 15);
    expect(logSumExp([1000, 1000])).toBeCloseTo(1000 + Math.log(2), 12);
  });

  it('empiricalDataset: needs a point; without a bandwidth it resamples the points and has no density, with one it jitters and has the KDE density', () => {
    expect(() => empiricalDataset([1], 2)).toThrow(/at least one point/);
    const pts = [0, 0, 10, 10];
    const plain = empiricalDataset(pts, 2);
    expect(plain.logDensity).toBeUndefined();
    const s = plain.sample(50, new Rng(1));
    for (let i = 0; i < 50; i++) expect([0, 10]).toContain(s[2 * i]);
    const kde = empiricalDataset(pts, 2, 0.5);
    const k = kde.sample(400, new Rng(2));
    expect(k.some((v) => v !== 0 && v !== 10)).toBe(true);
    // (1/2)[𝒩(0; 0, ¼ I) + 𝒩(0; (10, 10), ¼ I)] at the origin ≈ ½ · 1/(2π · ¼).
    expect(kde.logDensity!(Float64Array.of(0, 0), 1)[0]).toBeCloseTo(Math.log(0.5 / (2 * Math.PI * 0.25)), 10);
  });

  it('unknown names throw with the name (datasets, paths)', () => {
    expect(() => sampleDataset('nope' as never, 3, new Rng(1))).toThrow(/unknown dataset "nope"/);
    expect(() => getPath('nope' as never)).toThrow(/unknown path "nope"/);
  });
});

describe('Rng', () => {
  it('a non-finite seed is seed 0', () => {
    const a = new Rng(Number.NaN),
      b = new Rng(0);
    expect([a.uniform(), a.uniform()]).toEqual([b.uniform(), b.uniform()]);
  });

  it('categorical never returns a zero-weight index, even when rounding leaves the draw at the very top', () => {
    const r = new Rng(1);
    r.uniform = () => 1; // the top of the range, where only rounding decides
    expect(r.categorical([1, 2, 0, 0])).toBe(1);
  });
});

describe('metrics on degenerate input', () => {
  it('W₂: sizes must match; no points cost 0', () => {
    expect(() => w2SquaredExact([0, 1], [0], 2, 1)).toThrow(/n points/);
    expect(w2SquaredExact([], [], 0, 2)).toBe(0);
  });

  it('energy distance with one point per set is 2‖a − b‖ (no within-set terms)', () => {
    expect(energyDistance([0, 0], [3, 4], 1, 2)).toBeCloseTo(10, 12);
  });

  it('path energy and straightness: default times are evenly spaced; repeated times and single snapshots contribute nothing', () => {
    const traj = [Float64Array.of(0), Float64Array.of(1), Float64Array.of(2)];
    expect(pathEnergy(traj, 1, 1)).toBeCloseTo(4, 12); // speed 2 over t ∈ [0, 1]
    expect(pathEnergy([traj[0], traj[0], traj[1]], 1, 1, [0, 0, 1])).toBeCloseTo(1, 12);
    expect(straightness(traj, 1, 1)).toBeCloseTo(0, 12);
    expect(straightness([traj[0]], 1, 1)).toBe(0);
    expect(straightness([traj[0], traj[0], traj[2]], 1, 1, [0, 0, 1])).toBeCloseTo(0, 12);
  });
});

describe('ODE solver guards', () => {
  const f = (x: Float64Array, _t: number, out: Float64Array) => {
    for (let i = 0; i < x.length; i++) out[i] = -x[i];
  };

  it('an unknown method throws', () => {
    expect(() => integrate(f, [1], { method: 'nope' as never })).toThrow(/unknown ODE method "nope"/);
  });

  it('dopri5: an empty interval returns the start without evaluating f; a given first step is used', () => {
    const r = integrate(f, [1], { method: 'dopri5', t0: 0.3, t1: 0.3, trajectory: true });
    expect(r).toMatchObject({ nfe: 0, steps: 0, times: [0.3] });
    const withH0 = integrate(f, [1], { method: 'dopri5', h0: 0.05, rtol: 1e-9, atol: 1e-12 });
    expect(withH0.x[0]).toBeCloseTo(Math.exp(-1), 8);
  });

  it('dopri5 from the origin of a zero field: the first-step heuristic stays finite and the state stays 0', () => {
    const zero = (_x: Float64Array, _t: number, out: Float64Array) => {
      out.fill(0);
    };
    const r = integrate(zero, [0, 0], { method: 'dopri5' });
    expect(Array.from(r.x)).toEqual([0, 0]);
    expect(r.steps).toBeGreaterThan(0);
  });

  it('dopri5 rejects a trial step whose error is not finite and retries smaller; it stops with a message after maxSteps', () => {
    // dx/dt = 10x, undefined (NaN) beyond x = 2: a first step of 1 overshoots into NaN and must be retried.
    const blowUp = (x: Float64Array, _t: number, out: Float64Array) => {
      for (let i = 0; i < x.length; i++) out[i] = x[i] > 2 ? Number.NaN : 10 * x[i];
    };
    const r = integrate(blowUp, [1], { method: 'dopri5', t1: 0.05, h0: 1, rtol: 1e-9, atol: 1e-12 });
    expect(r.rejected).toBeGreaterThan(0);
    expect(r.x[0]).toBeCloseTo(Math.exp(0.5), 8);
    const stiff = (x: Float64Array, _t: number, out: Float64Array) => {
      for (let i = 0; i < x.length; i++) out[i] = -1e6 * x[i];
    };
    expect(() => integrate(stiff, [1], { method: 'dopri5', maxSteps: 10 })).toThrow(/too many steps/);
  });
});

describe('Sinkhorn guards and options', () => {
  const rng = new Rng(5);
  const a = sampleDataset('normal', 6, rng),
    b = sampleDataset('moons', 6, rng);
  const C = squaredEuclideanCost(a, 6, b, 6, 2);

  it('ε must be positive; a plain array cost is accepted; without ε-scaling it still converges', () => {
    expect(() => sinkhornLog(C, 6, 6, 0)).toThrow(/epsilon must be > 0/);
    const fromArray = sinkhornLog(Array.from(C), 6, 6, 0.5);
    const noScaling = sinkhornLog(C, 6, 6, 0.5, { epsilonScaling: false, maxIter: 5000 });
    expect(noScaling.converged).toBe(true);
    // Both stop at the default tolerance (L1 marginal error 10⁻⁶ per half-step), so plans agree to about 10⁻⁵.
    for (let k = 0; k < 36; k++) expect(noScaling.plan[k]).toBeCloseTo(fromArray.plan[k], 4);
  });

  it('stabilised iterations at a tiny ε (scalings leave [10⁻⁵⁰, 10⁵⁰] and are absorbed) agree with the log domain', () => {
    const big = Float64Array.from(C, (c) => 50 * c);
    const s = sinkhornLog(big, 6, 6, 0.05, { method: 'stabilized', epsilonScaling: false, maxIter: 20000 });
    const l = sinkhornLog(big, 6, 6, 0.05, { method: 'log', epsilonScaling: false, maxIter: 20000 });
    expect(s.plan.every(Number.isFinite)).toBe(true);
    for (let k = 0; k < 36; k++) expect(s.plan[k]).toBeCloseTo(l.plan[k], 5);
  });
});
