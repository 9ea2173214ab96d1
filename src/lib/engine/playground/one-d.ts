/**
 * The playground's 1D view (no DOM): the exact space-time density of the path between two 1D
 * Gaussian mixtures (mixture-path-1d.ts, no Monte Carlo) and particles carried by its exact field.
 */
import { Rng, integrate, pathWithWidth, type ConditionalPath, type FixedStepMethod } from '../../core/index.ts';
import { MIXTURES_1D, mixturePathLogDensity, mixturePathVelocity, sampleMixture, type Mixture1DName } from '../../core/mixture-path-1d.ts';

export interface Scene1D {
  path: ConditionalPath;
  /** rows × cols density, row 0 = top = xRange[1], each column scaled to its maximum. */
  density: Float32Array;
  rows: number;
  cols: number;
  xRange: [number, number];
  times: Float64Array;
  /** frames[f]: the m particle positions at times[f]. */
  frames: Float64Array[];
}

export interface Options1D {
  path: ConditionalPath['name'];
  sigma: number;
  source: Mixture1DName;
  target: Mixture1DName;
  particles: number;
  method: FixedStepMethod;
  steps: number;
  seed: number;
  cols?: number;
  rows?: number;
  xRange?: [number, number];
}

export function buildScene1D(o: Options1D): Scene1D {
  const path = pathWithWidth(o.path, o.sigma);
  const p0 = MIXTURES_1D[o.source].mix;
  const p1 = MIXTURES_1D[o.target].mix;
  const cols = o.cols ?? 160;
  const rows = o.rows ?? 120;
  const xRange = o.xRange ?? [-4.5, 4.5];
  const xs = Float64Array.from({ length: rows }, (_, r) => xRange[1] - ((xRange[1] - xRange[0]) * (r + 0.5)) / rows);
  const density = new Float32Array(rows * cols);
  for (let c = 0; c < cols; c++) {
    const t = path.tMin + ((path.tMax - path.tMin) * (c + 0.5)) / cols;
    const lp = mixturePathLogDensity(path, t, p0, p1, xs);
    let m = -Infinity;
    for (const v of lp) m = Math.max(m, v);
    for (let r = 0; r < rows; r++) density[r * cols + c] = Math.exp(lp[r] - m);
  }
  // Particles start from exact samples of p_{tMin}: x = a x₁ + b x₀ + c ε.
  const rng = new Rng(o.seed + 101);
  const { a, b, c } = path.coefficients(path.tMin);
  const src = path.sided === 'one' ? MIXTURES_1D.normal.mix : p0;
  const x0 = Float64Array.from({ length: o.particles }, () => {
    const x1 = sampleMixture(p1, rng.uniform(), rng.normal());
    const s = sampleMixture(src, rng.uniform(), rng.normal());
    return a * x1 + b * s + c * rng.normal();
  });
  const res = integrate((x, t, out) => out.set(mixturePathVelocity(path, t, p0, p1, x)), x0, {
    method: o.method,
    steps: o.steps,
    t0: path.tMin,
    t1: path.tMax,
    trajectory: true,
    d: 1,
  });
  return { path, density, rows, cols, xRange, times: Float64Array.from(res.times ?? []), frames: res.trajectory ?? [x0] };
}
