/**
 * The continuity-equation widget's solver (src/widgets/continuity-equation/finite-volume.ts) and
 * fields: mass is conserved, the finite-volume density matches the closed form of each field
 * (the Gaussian path 𝒩(0,1) → 𝒩(m, s²) in particular), and particles pushed by the core's ODE
 * solver have the same distribution.
 */
import { describe, expect, it } from 'vitest';
import { integrate, Rng } from '../../../src/lib/core/index.ts';
import { cellAverages, l1Distance, solveContinuity } from '../../../src/widgets/continuity-equation/finite-volume.ts';
import { FIELD_NAMES, makeField, sourceDensity, type FieldParams } from '../../../src/widgets/continuity-equation/fields.ts';
import { densityHistogram } from '../../../src/lib/core/index.ts';

const PARAMS: FieldParams = { m: 2, s: 0.5, a: 2, c: 1.5, k: 1 };
const gauss = (x: number, mean: number, sd: number) => Math.exp(-0.5 * ((x - mean) / sd) ** 2) / (Math.sqrt(2 * Math.PI) * sd);

describe('finite-volume continuity solver', () => {
  it('conserves mass to round-off, for every field', () => {
    for (const name of FIELD_NAMES) {
      const f = makeField(name, PARAMS);
      const r = solveContinuity(f.velocity, sourceDensity, { lo: -9, hi: 9, cells: 240, frames: 20 });
      for (const m of r.mass) expect(Math.abs(m - r.mass[0])).toBeLessThan(1e-12);
      expect(r.mass[0]).toBeCloseTo(1, 8);
    }
  });

  it('conserves mass exactly even when mass reaches the (zero-flux) boundary', () => {
    const r = solveContinuity((x, _t, out) => out.fill(3), sourceDensity, { lo: -4, hi: 4, cells: 100, frames: 5 });
    expect(Math.abs(r.mass[5] - r.mass[0])).toBeLessThan(1e-12);
  });

  it('matches the Gaussian closed form 𝒩(t m, (1 − (1 − s) t)²) along the whole path', () => {
    for (const [m, s] of [
      [2, 0.5],
      [-1.5, 0.3],
      [0, 1],
    ]) {
      const f = makeField('gaussian', { ...PARAMS, m, s });
      const r = solveContinuity(f.velocity, sourceDensity, { lo: -7, hi: 7, cells: 560, frames: 10 });
      for (let k = 0; k <= 10; k++) {
        const t = r.times[k];
        const sd = 1 - (1 - s) * t;
        const exact = cellAverages((x) => gauss(x, t * m, sd), -7, r.dx, 560);
        expect(l1Distance(r.densities[k], exact, r.dx)).toBeLessThan(0.02);
        // The field's own closed-form density is the same Gaussian.
        expect(f.density(t * m + 0.3, t)).toBeCloseTo(gauss(t * m + 0.3, t * m, sd), 10);
      }
    }
  });

  it('matches the closed form for the other fields at t = 1, and refining the grid reduces the error', () => {
    for (const name of ['two-modes', 'translation', 'compression'] as const) {
      const f = makeField(name, PARAMS);
      const errs = [200, 800].map((cells) => {
        const r = solveContinuity(f.velocity, sourceDensity, { lo: -8, hi: 8, cells, frames: 1 });
        const exact = cellAverages((x) => f.density(x, 1), -8, r.dx, cells);
        return l1Distance(r.densities[1], exact, r.dx);
      });
      expect(errs[1]).toBeLessThan(0.02);
      expect(errs[1]).toBeLessThan(errs[0] / 2);
    }
  });

  it('a wrong initial condition is detected (the comparison can fail)', () => {
    const f = makeField('gaussian', PARAMS);
    const r = solveContinuity(f.velocity, (x) => gauss(x, 0.3, 1), { lo: -7, hi: 7, cells: 280, frames: 1 });
    const exact = cellAverages((x) => f.density(x, 1), -7, r.dx, 280);
    expect(l1Distance(r.densities[1], exact, r.dx)).toBeGreaterThan(0.1);
  });
});

describe('particles pushed by the core ODE solver', () => {
  it('have the histogram of the finite-volume density (two modes)', () => {
    const f = makeField('two-modes', PARAMS);
    const rng = new Rng(11);
    const n = 10_000;
    const x0 = new Float64Array(n);
    for (let i = 0; i < n; i++) x0[i] = rng.normal();
    const { x } = integrate(f.velocity, x0, { method: 'rk4', steps: 100 });
    const lo = -6,
      hi = 6,
      cells = 48;
    const r = solveContinuity(f.velocity, sourceDensity, { lo, hi, cells: 480, frames: 1 });
    // Aggregate the fine grid to the histogram bins.
    const coarse = new Float64Array(cells);
    for (let i = 0; i < 480; i++) coarse[Math.floor(i / 10)] += r.densities[1][i] / 10;
    const hist = densityHistogram(x, lo, hi, cells);
    expect(l1Distance(hist, coarse, (hi - lo) / cells)).toBeLessThan(0.06);
  });
});

describe('the widget simulation', () => {
  it('reports small histogram/grid and grid/exact distances along the Gaussian path, and unit mass', async () => {
    const { simulate } = await import('../../../src/widgets/continuity-equation/simulate.ts');
    const sim = simulate(makeField('gaussian', PARAMS), 4000, 5);
    expect(sim.particles.length).toBe(sim.frames + 1);
    for (let f = 0; f <= sim.frames; f += 10) {
      expect(sim.l1Exact[f]).toBeLessThan(0.03);
      // 4000 particles, 60 bins: the sampling noise alone is about 0.1 in L¹.
      expect(sim.l1Particles[f]).toBeLessThan(0.2);
      expect(Math.abs(sim.fv.mass[f] - sim.fv.mass[0])).toBeLessThan(1e-12);
      expect(sim.fv.mass[f]).toBeCloseTo(1, 4); // the window cuts ≈ 7·10⁻⁶ of tails
    }
  });

  it('gives the same numbers in slices as in one piece, pausing at every evaluation and every frame', async () => {
    const { simulate, simulateInSlices } = await import('../../../src/widgets/continuity-equation/simulate.ts');
    const field = makeField('gaussian', PARAMS);
    const whole = simulate(field, 300, 9);
    let pauses = 0;
    const sliced = await simulateInSlices(field, 300, 9, () => {
      pauses++;
      return Promise.resolve();
    });
    expect(sliced).toEqual(whole);
    // RK4: four evaluations per step, one step per frame; one pause per grid frame; one per compared frame.
    expect(pauses).toBe(4 * whole.frames + whole.frames + (whole.frames + 1));
  });

  it('stops at the pause that throws (a newer run superseded it)', async () => {
    const { simulateInSlices } = await import('../../../src/widgets/continuity-equation/simulate.ts');
    let pauses = 0;
    const run = simulateInSlices(makeField('gaussian', PARAMS), 100, 1, () =>
      ++pauses === 7 ? Promise.reject(new Error('superseded')) : Promise.resolve(),
    );
    await expect(run).rejects.toThrow('superseded');
    expect(pauses).toBe(7);
  });
});
