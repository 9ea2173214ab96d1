/**
 * Claims of chapter 6 ("What CFM does with a bad coupling") on the two-blob example: source blobs at
 * (±2, −2), target blobs at (±2, 2), a good cluster coupling (left with left) and a bad one (left with
 * right). Everything is computed from the core's exact marginal field for the coupled I-CFM path
 * (Theorem 1 with an empirical source and a plan), integrated with RK4: no network is involved.
 */
import { describe, expect, it } from 'vitest';
import { Rng, getPath, integrate, marginalVelocity, straightness } from '../../../src/lib/core/index.ts';
import { conditionalVarianceMC } from './conditional-variance.ts';

const N = 16; // points per distribution: 8 per blob
const side = (i: number) => (i < N / 2 ? -1 : 1);

interface Example { src: Float64Array; tgt: Float64Array; good: Float64Array; bad: Float64Array }

/** The blobs (spread = std of each blob around its centre) and the two cluster plans (N × N). */
function twoBlobs(spread: number, seed = 5): Example {
  const rng = new Rng(seed);
  const src = new Float64Array(2 * N);
  const tgt = new Float64Array(2 * N);
  for (let i = 0; i < N; i++) {
    src[2 * i] = 2 * side(i) + spread * rng.normal();
    src[2 * i + 1] = -2 + spread * rng.normal();
    tgt[2 * i] = 2 * side(i) + spread * rng.normal();
    tgt[2 * i + 1] = 2 + spread * rng.normal();
  }
  const plan = (crosswise: boolean) => {
    const p = new Float64Array(N * N);
    for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) p[i * N + j] = (side(i) !== side(j)) === crosswise ? 1 : 0;
    return p;
  };
  return { src, tgt, good: plan(false), bad: plan(true) };
}

/** Particles drawn from the coupled path at t = 0 (x₀ⁱ + σ ε), pushed to t = 1 along the exact field. */
function flow(ex: Example, plan: Float64Array, sigma: number, m = 96, seed = 9) {
  const path = getPath('icfm', { sigma });
  const rng = new Rng(seed);
  const start = new Float64Array(2 * m);
  for (let q = 0; q < m; q++) {
    const i = q % N;
    start[2 * q] = ex.src[2 * i] + sigma * rng.normal();
    start[2 * q + 1] = ex.src[2 * i + 1] + sigma * rng.normal();
  }
  const field = (x: Float64Array, t: number, out: Float64Array) => {
    out.set(marginalVelocity(path, x, x.length / 2, t, ex.tgt, N, 2, { source: ex.src, nSource: N, plan }));
  };
  const res = integrate(field, start, { method: 'rk4', steps: 200, trajectory: true, d: 2 });
  let sameSide = 0;
  for (let q = 0; q < m; q++) if (Math.sign(res.x[2 * q]) === Math.sign(start[2 * q])) sameSide++;
  return { start, end: res.x, trajectory: res.trajectory!, sameSide: sameSide / m, m };
}

/** C of Theorem 2 under a plan (Monte Carlo, 1500 samples). */
const conditionalVariance = (ex: Example, plan: Float64Array, sigma: number) =>
  conditionalVarianceMC(ex.src, ex.tgt, N, plan, sigma, 1500);

describe('a bad cluster coupling (chapter 6)', () => {
  const ex = twoBlobs(0.05);

  // Backs: "Over three draws of the blobs, 91–97% of each source blob ends on its own side at σ = 0.3,
  // 77–95% at σ = 0.1 and 48–81% at σ = 0.02; the prescribed pairing would put none there."
  it('the flow un-mixes it when σ is wide compared with the blobs, and splits the blobs when σ is narrow', () => {
    const quoted: [number, [number, number]][] = [[0.3, [0.91, 0.97]], [0.1, [0.77, 0.95]], [0.02, [0.48, 0.81]]];
    const bySigma = quoted.map(() => [] as number[]);
    for (const seed of [5, 6, 7]) {
      const draw = twoBlobs(0.05, seed);
      const fractions = quoted.map(([sigma]) => flow(draw, draw.bad, sigma).sameSide);
      // Within one draw, narrower paths un-mix less.
      expect(fractions[0]).toBeGreaterThan(fractions[1]);
      expect(fractions[1]).toBeGreaterThan(fractions[2]);
      fractions.forEach((f, k) => bySigma[k].push(f));
      // The good coupling keeps every particle on its side, even with the narrowest paths.
      expect(flow(draw, draw.good, 0.02).sameSide).toBe(1);
    }
    quoted.forEach(([sigma, [lo, hi]], k) => {
      const got = bySigma[k];
      expect(Math.round(100 * Math.min(...got)), `lowest at σ = ${sigma}`).toBe(Math.round(100 * lo));
      expect(Math.round(100 * Math.max(...got)), `highest at σ = ${sigma}`).toBe(Math.round(100 * hi));
    });
  });

  // Backs: "Where conditional paths cross, their velocities disagree, which raises the conditional (C is 1.00 vs 0.011; S is 11.6 vs 0.0005)
  // variance C … The field also has to turn particles around in the crossing region, so its trajectories
  // bend": C and the straightness of the learned flow are both larger under the bad coupling.
  it('raises the conditional variance C and bends the trajectories', () => {
    const sigma = 0.1;
    const cGood = conditionalVariance(ex, ex.good, sigma);
    const cBad = conditionalVariance(ex, ex.bad, sigma);
    // The figures the chapter quotes: C = 1.00 (bad) and 0.011 (good).
    expect(cBad).toBeCloseTo(1.0, 2);
    expect(cGood).toBeCloseTo(0.011, 3);
    const good = flow(ex, ex.good, sigma, 60);
    const bad = flow(ex, ex.bad, sigma, 60);
    const sGood = straightness(good.trajectory, good.m, 2);
    const sBad = straightness(bad.trajectory, bad.m, 2);
    // The figures the chapter quotes: S = 11.6 (bad) and 0.0005 (good).
    expect(sBad).toBeCloseTo(11.6, 1);
    expect(sGood).toBeCloseTo(0.0005, 4);
  });
});
