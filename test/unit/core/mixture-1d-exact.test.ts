/**
 * mixture-path-1d.ts beyond the continuity equation (mixture-path-1d.test.ts): a one-sided path
 * ignores p₀ (its source is 𝒩(0, 1) by definition), mixture weights need not sum to 1 (they are
 * normalised), and sampleMixture picks component k for u in [Σ_{<k} w, Σ_{≤k} w) of the normalised
 * weights, the last one for any u past the end, and returns mean + std · normal.
 */
import { describe, expect, it } from 'vitest';
import { getPath } from '../../../src/lib/core/paths.ts';
import { mixturePathLogDensity, mixturePathVelocity, sampleMixture, type Mixture1D } from '../../../src/lib/core/mixture-path-1d.ts';

const xs = [-2.5, -0.7, 0, 0.4, 1.9, 3.1];
const p1: Mixture1D = { means: [-1.5, 2], stds: [0.4, 0.7], weights: [0.3, 0.7] };
const p0: Mixture1D = { means: [0.5, -1], stds: [0.6, 0.3], weights: [0.5, 0.5] };
const scaled = (m: Mixture1D, c: number): Mixture1D => ({ ...m, weights: m.weights.map((w) => c * w) });
const close = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).forEach((v, i) => expect(v).toBeCloseTo(b[i], 12));

describe('mixture paths in 1D, exactly', () => {
  it('a one-sided path starts from 𝒩(0, 1), whatever p₀ is given', () => {
    const path = getPath('ot', { sigmaMin: 0.05 });
    const standard: Mixture1D = { means: [0], stds: [1], weights: [1] };
    close(mixturePathLogDensity(path, 0.4, p0, p1, xs), mixturePathLogDensity(path, 0.4, standard, p1, xs));
    close(mixturePathVelocity(path, 0.4, p0, p1, xs), mixturePathVelocity(path, 0.4, standard, p1, xs));
  });

  it('normalises the weights of both mixtures', () => {
    const path = getPath('icfm', { sigma: 0.2 });
    close(mixturePathLogDensity(path, 0.6, scaled(p0, 3), scaled(p1, 5), xs), mixturePathLogDensity(path, 0.6, p0, p1, xs));
    close(mixturePathVelocity(path, 0.6, scaled(p0, 3), scaled(p1, 5), xs), mixturePathVelocity(path, 0.6, p0, p1, xs));
  });

  it('sampleMixture: u picks the component by the normalised weights, the last one past the end', () => {
    const mix: Mixture1D = { means: [-4, 1, 6], stds: [0.5, 2, 3], weights: [1, 3, 4] }; // 1/8, 3/8, 4/8
    expect(sampleMixture(mix, 0.1, 1)).toBe(-4 + 0.5);
    expect(sampleMixture(mix, 0.125, 1)).toBe(1 + 2); // boundaries belong to the next component
    expect(sampleMixture(mix, 0.49, -1)).toBe(1 - 2);
    expect(sampleMixture(mix, 0.5, 0)).toBe(6);
    expect(sampleMixture(mix, 1, 1)).toBe(6 + 3);
  });
});
