/**
 * Chapter 11's one-dimensional guidance example, computed with the core: two classes of 100 points
 * each, drawn from 𝒩(−1, 0.5²) and 𝒩(1, 0.5²) (seeded), the straight path with σ_min = 0.01, the exact
 * closed-form fields, and 600 draws of 𝒩(0, 1) pushed by the guided field towards class 1 (RK4, 50
 * steps). The chapter's table and its figure are computed from here (the claims test checks the
 * table's numbers, the figure component draws the samples), so the two cannot disagree.
 */
import { Rng, getPath, integrate, marginalLogDensity } from '../../lib/core/index.ts';
import { guidedClosedFormField } from '../../lib/core/guidance.ts';

export const EXAMPLE = { perClass: 100, means: [-1, 1], std: 0.5, sigmaMin: 0.01, particles: 600, steps: 50 } as const;
export const GUIDANCE_WEIGHTS = [0, 1, 2, 4] as const;

const path = getPath('ot', { sigmaMin: EXAMPLE.sigmaMin });

function makeData(): { class0: Float64Array; class1: Float64Array; all: Float64Array } {
  const rng = new Rng(7);
  const k = EXAMPLE.perClass;
  const class1 = Float64Array.from({ length: k }, () => EXAMPLE.means[1] + EXAMPLE.std * rng.normal());
  const class0 = Float64Array.from({ length: k }, () => EXAMPLE.means[0] + EXAMPLE.std * rng.normal());
  return { class0, class1, all: Float64Array.from([...class0, ...class1]) };
}

export const DATA = makeData();

/** The guided samples for class 1 at weight w (the same 600 noise draws for every w). */
export function guidedSamples(w: number): Float64Array {
  const r = new Rng(3);
  const x0 = Float64Array.from({ length: EXAMPLE.particles }, () => r.normal());
  return integrate(guidedClosedFormField(path, DATA.all, DATA.class1, 1, w), x0, { method: 'rk4', steps: EXAMPLE.steps }).x;
}

/** Mean and standard deviation, optionally weighted. */
export function meanStd(x: ArrayLike<number>, weights?: ArrayLike<number>): [number, number] {
  let s = 0;
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const wi = weights ? weights[i] : 1;
    s += wi;
    m += wi * x[i];
  }
  m /= s;
  let v = 0;
  for (let i = 0; i < x.length; i++) v += (weights ? weights[i] : 1) * (x[i] - m) ** 2;
  return [m, Math.sqrt(v / s)];
}

/** The tilted law p̃₁ ∝ p₁^{1−w} p₁(· | 1)^w on a grid of [−4, 4] (16 001 points): grid and unnormalised weights. */
export function tiltedLaw(w: number): { grid: Float64Array; weights: Float64Array } {
  const g = 16001;
  const grid = Float64Array.from({ length: g }, (_, i) => -4 + (8 * i) / (g - 1));
  const logAll = marginalLogDensity(path, grid, g, 1, DATA.all, DATA.all.length, 1);
  const logClass = marginalLogDensity(path, grid, g, 1, DATA.class1, DATA.class1.length, 1);
  const lt = Float64Array.from(grid, (_, i) => (1 - w) * logAll[i] + w * logClass[i]);
  let mx = -Infinity;
  for (const v of lt) mx = Math.max(mx, v);
  return { grid, weights: lt.map((v) => Math.exp(v - mx)) };
}
