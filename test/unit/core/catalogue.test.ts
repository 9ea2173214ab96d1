/**
 * The catalogues (one list per concept with its labels and facts) say true things about the code
 * they describe: every listed path family builds with the listed sidedness and its width parameter
 * is the one that changes it; every listed coupling and ODE method runs, with the listed cost per
 * step and order of accuracy; the dataset list and the dataset table hold the same names.
 */
import { describe, expect, it } from 'vitest';
import {
  COUPLINGS,
  COUPLING_LABELS,
  COUPLING_NAMES,
  DATASETS,
  DATASET_LABELS,
  DATASET_NAMES,
  FIXED_STEP_METHODS,
  ODE_METHODS,
  ODE_METHOD_LABELS,
  ODE_METHOD_NAMES,
  PATH_FAMILIES,
  PATH_LABELS,
  PATH_NAMES,
  Rng,
  couple,
  getPath,
  integrate,
  pathWithWidth,
  sampleDataset,
  stepsForBudget,
} from '../../../src/lib/core/index.ts';

describe('path families', () => {
  it('lists each family once, and a built path carries the listed label and sidedness', () => {
    expect(new Set(PATH_NAMES).size).toBe(PATH_NAMES.length);
    expect(PATH_NAMES).toEqual(['ot', 've', 'vp', 'rectified', 'icfm', 'sb', 'trig']);
    for (const name of PATH_NAMES) {
      const p = getPath(name);
      expect(p.name).toBe(name);
      expect(p.label).toBe(PATH_FAMILIES[name].label);
      expect(PATH_LABELS[name]).toBe(PATH_FAMILIES[name].label);
      expect(p.sided).toBe(PATH_FAMILIES[name].sided);
      // One-sided paths start from noise: x₀ has coefficient 1 at t = 0 only through σ_t = b(0).
      if (p.sided === 'two') expect(p.coefficients(0).b).toBeCloseTo(1, 12);
    }
  });

  it('the listed width parameter is exactly the one that changes the path (and families without one ignore both)', () => {
    const ts = [0.1, 0.5, 0.9];
    const coeffs = (name: (typeof PATH_NAMES)[number], params: Parameters<typeof getPath>[1]) =>
      ts.flatMap((t) => Object.values(getPath(name, params).coefficients(Math.min(t, getPath(name, params).tMax))));
    for (const name of PATH_NAMES) {
      const base = coeffs(name, { sigma: 0.2, sigmaMin: 0.02 });
      const bySigma = coeffs(name, { sigma: 0.4, sigmaMin: 0.02 });
      const bySigmaMin = coeffs(name, { sigma: 0.2, sigmaMin: 0.04 });
      const width = PATH_FAMILIES[name].width;
      expect(
        bySigma.some((v, i) => v !== base[i]),
        `${name}: σ matters`,
      ).toBe(width === 'sigma');
      expect(
        bySigmaMin.some((v, i) => v !== base[i]),
        `${name}: σ_min matters`,
      ).toBe(width === 'sigmaMin');
      // pathWithWidth sets that parameter.
      const w = pathWithWidth(name, 0.3);
      if (width) expect(w.params[width]).toBe(0.3);
    }
  });
});

describe('couplings', () => {
  it('lists each coupling once with a label, and couple() accepts every listed name', () => {
    expect(COUPLING_NAMES).toEqual(['independent', 'exact-ot', 'sinkhorn']);
    const rng = new Rng(3);
    const x0 = sampleDataset('normal', 6, rng);
    const x1 = sampleDataset('moons', 6, rng);
    for (const name of COUPLING_NAMES) {
      expect(COUPLING_LABELS[name]).toBe(COUPLINGS[name].label);
      expect(COUPLING_LABELS[name].length).toBeGreaterThan(0);
      expect(couple(name, x0, x1, 6, 2, new Rng(1)).x1.length).toBe(12);
    }
  });
});

describe('ODE methods', () => {
  // dx/dt = x from x(0) = 1: x(1) = e.
  const f = (x: Float64Array, _t: number, out: Float64Array) => {
    for (let i = 0; i < x.length; i++) out[i] = x[i];
  };

  it('every listed method runs, spends the listed evaluations per step, and converges at the listed order', () => {
    for (const m of ODE_METHOD_NAMES) {
      const info = ODE_METHODS[m];
      expect(ODE_METHOD_LABELS[m]).toBe(info.label);
      if (info.adaptive) {
        const r = integrate(f, [1], { method: m, rtol: 1e-9, atol: 1e-12 });
        expect(Math.abs(r.x[0] - Math.E)).toBeLessThan(1e-7);
        // FSAL: one evaluation to start, then the listed count per attempted step.
        expect(r.nfe).toBe(1 + 1 + info.evalsPerStep * (r.steps + (r.rejected ?? 0)));
        continue;
      }
      const err = (n: number) => Math.abs(integrate(f, [1], { method: m, steps: n }).x[0] - Math.E);
      expect(integrate(f, [1], { method: m, steps: 8 }).nfe).toBe(8 * info.evalsPerStep);
      const observed = Math.log2(err(16) / err(32));
      expect(Math.abs(observed - info.order)).toBeLessThan(0.15);
    }
  });

  it('the fixed-step methods are the non-adaptive ones; a budget of evaluations buys ⌊NFE / cost⌋ steps, at least one', () => {
    expect(FIXED_STEP_METHODS).toEqual(['euler', 'midpoint', 'heun', 'rk4']);
    expect(stepsForBudget(20, 'euler')).toBe(20);
    expect(stepsForBudget(20, 'heun')).toBe(10);
    expect(stepsForBudget(21, 'rk4')).toBe(5);
    expect(stepsForBudget(2, 'rk4')).toBe(1);
  });
});

describe('datasets', () => {
  it('the name list and the dataset table hold the same names, in the same order, each with its label', () => {
    expect(Object.keys(DATASETS)).toEqual([...DATASET_NAMES]);
    for (const name of DATASET_NAMES) expect(DATASET_LABELS[name]).toBe(DATASETS[name].label);
  });
});
