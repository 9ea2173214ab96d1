/**
 * core/memorisation.ts in the core's own tests (until now only chapter 12's claims tests and the
 * memorisation-n engine called it, so its mutants had no core coverage at all):
 * - logSigmaGrid: σ_t = 1 − (1 − σ_min) t is geometric from 1 to max(σ_min, 10⁻⁵) on the grid;
 * - sampleClosedForm: RK4 on that grid (12 × 12 by default); with one training point the flow is
 *   known in closed form, ψ₁(x₀) = x⁽¹⁾ + σ_min x₀;
 * - nearestDistances, fractionWithin (δ inclusive) and the 2D bound 1 − exp(−δ²/(2σ_min²));
 * - memorisationOnset: the bisection brackets the first time the median largest posterior weight
 *   reaches the threshold, checked by recomputing that median from the documented draws.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/lib/core/rng.ts';
import { getPath } from '../../../src/lib/core/paths.ts';
import { marginalVelocity, posteriorWeights } from '../../../src/lib/core/closed-form.ts';
import { integrate } from '../../../src/lib/core/ode.ts';
import {
  fractionWithin,
  fractionWithinLowerBound2D,
  logSigmaGrid,
  memorisationOnset,
  nearestDistances,
  sampleClosedForm,
} from '../../../src/lib/core/memorisation.ts';

describe('logSigmaGrid', () => {
  it('makes σ_t geometric from 1 to σ_min, ending at t = 1 when σ_min > 0', () => {
    const grid = logSigmaGrid(0.01, 4);
    expect(grid).toHaveLength(5);
    expect(grid[0]).toBe(0);
    expect(grid[4]).toBe(1);
    grid.slice(0, 4).forEach((t, i) => expect(1 - 0.99 * t).toBeCloseTo(0.01 ** (i / 4), 12));
  });

  it('stops at σ_t = 10⁻⁵ for σ_min = 0, and is uniform when σ_t does not shrink (σ_min = 1)', () => {
    const grid = logSigmaGrid(0, 5);
    expect(grid[5]).toBeCloseTo(1 - 1e-5, 15);
    grid.forEach((t, i) => expect(1 - t).toBeCloseTo(1e-5 ** (i / 5), 12));
    expect(logSigmaGrid(1, 4)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });
});

describe('sampleClosedForm', () => {
  const x0 = Float64Array.of(0.3, -1.2, 1.5, 0.4, -0.7, 0.9);

  it('with one training point lands on x⁽¹⁾ + σ_min x₀ (the flow of the OT path, in closed form)', () => {
    const target = [2, -1];
    const out = sampleClosedForm(target, 1, 2, x0, { sigmaMin: 0.1 });
    for (let i = 0; i < 3; i++) for (let k = 0; k < 2; k++) expect(out[2 * i + k]).toBeCloseTo(target[k] + 0.1 * x0[2 * i + k], 8);
    const cone = sampleClosedForm(target, 1, 2, x0); // σ_min = 0: stops at t = 1 − 10⁻⁵
    for (let i = 0; i < 3; i++)
      for (let k = 0; k < 2; k++) expect(cone[2 * i + k]).toBeCloseTo((1 - 1e-5) * target[k] + 1e-5 * x0[2 * i + k], 8);
  });

  it('is RK4 with 12 steps on each of 12 log-σ segments by default, σ_min clamped to [0, 1]', () => {
    const targets = [1, 1, -1, 0.5, 0.2, -1.4];
    const path = getPath('ot', { sigmaMin: 0.05 });
    let x: Float64Array = Float64Array.from(x0);
    const grid = logSigmaGrid(0.05, 12);
    for (let i = 0; i < 12; i++)
      x = integrate((y, t, out) => out.set(marginalVelocity(path, y, 3, t, targets, 3, 2)), x, {
        method: 'rk4',
        steps: 12,
        t0: grid[i],
        t1: grid[i + 1],
      }).x;
    expect(Array.from(sampleClosedForm(targets, 3, 2, x0, { sigmaMin: 0.05 }))).toEqual(Array.from(x));
    expect(Array.from(sampleClosedForm(targets, 3, 2, x0, { sigmaMin: 0.05, segments: 6 }))).not.toEqual(Array.from(x));
    expect(Array.from(sampleClosedForm(targets, 3, 2, x0, { sigmaMin: 0.05, stepsPerSegment: 6 }))).not.toEqual(Array.from(x));
    expect(Array.from(sampleClosedForm(targets, 3, 2, x0, { sigmaMin: -3 }))).toEqual(Array.from(sampleClosedForm(targets, 3, 2, x0)));
    expect(Array.from(sampleClosedForm(targets, 3, 2, x0, { sigmaMin: 7 }))).toEqual(
      Array.from(sampleClosedForm(targets, 3, 2, x0, { sigmaMin: 1 })),
    );
  });
});

describe('distances to the training set', () => {
  const refs = [0, 0, 3, 4];

  it('nearestDistances takes the closest reference; fractionWithin counts δ itself', () => {
    expect(Array.from(nearestDistances([3, 0, 3, 5, 6, 8], 3, refs, 2, 2))).toEqual([3, 1, 5]);
    expect(fractionWithin([3, 0, 3, 5, 6, 8], 3, refs, 2, 2, 3)).toBeCloseTo(2 / 3, 15);
    expect(fractionWithin([3, 0, 3, 5, 6, 8], 3, refs, 2, 2, 0.999)).toBeCloseTo(0, 15);
    expect(fractionWithin([], 0, refs, 2, 2, 1)).toBe(0);
  });

  it('the 2D bound is 1 − exp(−δ²/(2σ²)), and 1 without noise', () => {
    expect(fractionWithinLowerBound2D(1, 1)).toBeCloseTo(1 - Math.exp(-0.5), 15);
    expect(fractionWithinLowerBound2D(0.5, 0.3)).toBeCloseTo(1 - Math.exp(-0.09 / 0.5), 15);
    expect(fractionWithinLowerBound2D(0, 0.3)).toBe(1);
  });
});

describe('memorisationOnset', () => {
  const targets = [0, 0, 1, 0, 0, 1.5, -1, -1];
  /** The median over the documented draws (seeded) of the largest posterior weight at t. */
  function medianLargest(t: number, samples: number, seed: number): number {
    const path = getPath('ot', { sigmaMin: 0 });
    const rng = new Rng(seed);
    const largest: number[] = [];
    for (let q = 0; q < samples; q++) {
      const j = rng.int(4);
      const x = [t * targets[2 * j] + (1 - t) * rng.normal(), t * targets[2 * j + 1] + (1 - t) * rng.normal()];
      largest.push(Math.max(...posteriorWeights(path, x, t, targets, 4, 2)));
    }
    largest.sort((a, b) => a - b);
    return largest[Math.floor(samples / 2)];
  }

  it('returns the upper end of the last bracket: the median weight reaches the threshold there and not one bracket earlier', () => {
    for (const [threshold, iterations] of [
      [0.9, 12],
      [0.6, 8],
    ]) {
      const t = memorisationOnset(targets, 4, 2, { threshold, samples: 41, seed: 5, iterations });
      const width = (1 - 1e-6) / 2 ** iterations;
      expect(medianLargest(t, 41, 5)).toBeGreaterThanOrEqual(threshold);
      expect(medianLargest(t - width, 41, 5)).toBeLessThan(threshold);
    }
  });

  it('uses threshold 0.9, 200 draws, seed 9 and 20 halvings by default', () => {
    const t = memorisationOnset(targets, 4, 2);
    expect(t).toBe(memorisationOnset(targets, 4, 2, { threshold: 0.9, samples: 200, seed: 9, iterations: 20 }));
    expect(medianLargest(t, 200, 9)).toBeGreaterThanOrEqual(0.9);
    expect(medianLargest(t - (1 - 1e-6) / 2 ** 20, 200, 9)).toBeLessThan(0.9);
  });
});
