/**
 * The playground's 1D view (no DOM): the space-time density of the path between two 1D Gaussian
 * mixtures and particles carried by its exact field, for every coupling of the 2D plane.
 *
 * - Independent coupling, or a one-sided path: the exact Gaussian-mixture marginal of
 *   mixture-path-1d.ts (no sampling, no quadrature).
 * - Any other coupling: the coupling on quantile nodes of p₀ and p₁ (quantile-coupling-1d.ts; the
 *   midpoint rule in u, deterministic), kept as weighted pairs, and the exact density and field of
 *   those pairs (pair-field.ts, d = 1), with the plane's width floor for zero-width paths.
 *   Minibatch OT on the line is the comonotone coupling x₁ = F₁⁻¹(F₀(x₀)); Sinkhorn and the cluster
 *   plans are computed on fewer nodes (their plans are dense); reflow round k starts from the exact
 *   independent field (round 0).
 */
import {
  COUPLING_SHORT_LABELS,
  Rng,
  couplingPlan,
  integrate,
  pathWithWidth,
  type ConditionalPath,
  type FixedStepMethod,
} from '../../core/index.ts';
import { MIXTURES_1D, mixturePathLogDensity, mixturePathVelocity, sampleMixture, type Mixture1DName } from '../../core/mixture-path-1d.ts';
import { comonotonePairs, quantileNodes } from '../../core/quantile-coupling-1d.ts';
import { pairLogDensity, pairVelocity, planToPairs, withWidthFloor, type WeightedPairs } from '../../core/pair-field.ts';
import { clusterCouplingPlan } from '../../core/cluster-coupling.ts';
import { pairsCost, reflowPairs } from '../../core/reflow-pairs.ts';
import type { PlaygroundCoupling, PlaygroundSettings } from './settings.ts';

/** Quantile nodes per side: for the comonotone and reflow couplings (N pairs), and for the dense plans (N² entries). */
export const NODES_1D = 400;
export const DENSE_NODES_1D = 32;
/** Width floor for zero-width paths with a coupling on nodes (as in the plane, scene.ts). */
export const WIDTH_FLOOR_1D = 0.05;

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
  /** The coupling's pairs on quantile nodes (null: the exact independent mixture). */
  pairs: WeightedPairs | null;
  /** E(x₁ − x₀)² of the coupling (exact for the independent one). */
  cost: number;
  /** What was computed, in words. */
  notes: string[];
}

export interface Options1D {
  path: ConditionalPath['name'];
  sigma: number;
  source: Mixture1DName;
  target: Mixture1DName;
  coupling?: PlaygroundCoupling;
  eta?: number;
  rounds?: number;
  particles: number;
  method: FixedStepMethod;
  steps: number;
  seed: number;
  cols?: number;
  rows?: number;
  xRange?: [number, number];
}

/** The 1D scene for the playground's settings (particles capped at 600). */
export function scene1dFor(s: PlaygroundSettings): Scene1D {
  return buildScene1D({
    path: s.path,
    sigma: s.sigma,
    source: s.source1d,
    target: s.target1d,
    coupling: s.coupling,
    eta: s.eta,
    rounds: s.rounds,
    particles: Math.min(s.particles, 600),
    method: s.solver,
    steps: s.steps,
    seed: s.seed,
  });
}

/** Mean, and E x², of a mixture (for the independent coupling's exact cost). */
function moments(mix: { means: readonly number[]; stds: readonly number[]; weights: readonly number[] }): [number, number] {
  const W = mix.weights.reduce((a, b) => a + b, 0);
  let m1 = 0;
  let m2 = 0;
  mix.means.forEach((m, k) => {
    m1 += (mix.weights[k] / W) * m;
    m2 += (mix.weights[k] / W) * (m * m + mix.stds[k] ** 2);
  });
  return [m1, m2];
}

/** The coupling's pairs on quantile nodes, for a two-sided path and any coupling but the independent one. */
function nodePairs(o: Options1D, path: ConditionalPath, notes: string[]): WeightedPairs {
  const p0 = MIXTURES_1D[o.source].mix;
  const p1 = MIXTURES_1D[o.target].mix;
  const coupling = o.coupling ?? 'independent';
  if (coupling === 'exact-ot') {
    notes.push(`minibatch OT on the line: the monotone coupling x₁ = F₁⁻¹(F₀(x₀)) on ${NODES_1D} quantile nodes`);
    return comonotonePairs(p0, p1, NODES_1D);
  }
  if (coupling === 'reflow') {
    const k = o.rounds ?? 1;
    const r = reflowPairs(path, quantileNodes(p0, NODES_1D), 1, k, (x, _n, t) => mixturePathVelocity(path, t, p0, p1, x), {
      method: o.method,
      steps: o.steps,
    });
    notes.push(
      `reflow round ${k} on ${NODES_1D} quantile nodes of p₀ (round 0: the exact independent field); E(x₁ − x₀)² by round: ${r.costs.map((c) => c.toFixed(3)).join(', ')}`,
    );
    return r.pairs;
  }
  const N = DENSE_NODES_1D;
  const q0 = quantileNodes(p0, N);
  const q1 = quantileNodes(p1, N);
  const plan =
    coupling === 'good' || coupling === 'bad'
      ? clusterCouplingPlan(coupling, q0, q1, N, 1)
      : couplingPlan(coupling === 'sinkhorn' ? 'sinkhorn' : 'independent', q0, q1, N, 1, { epsilon: o.eta ?? 0.5 });
  notes.push(
    `the ${coupling === 'sinkhorn' ? COUPLING_SHORT_LABELS.sinkhorn : 'cluster-constrained'} plan on ${N} quantile nodes of each side`,
  );
  return planToPairs(plan, q0, q1, N, N, 1, 1e-6);
}

export function buildScene1D(o: Options1D): Scene1D {
  let path = pathWithWidth(o.path, o.sigma);
  const p0 = MIXTURES_1D[o.source].mix;
  const p1 = MIXTURES_1D[o.target].mix;
  const cols = o.cols ?? 160;
  const rows = o.rows ?? 120;
  const xRange = o.xRange ?? [-4.5, 4.5];
  const notes: string[] = [];
  const coupled = (o.coupling ?? 'independent') !== 'independent';
  if (coupled && path.sided === 'one')
    notes.push(`the ${path.label} conditions on x₁ only and starts from 𝒩(0, 1): the coupling is not used`);
  let pairs: WeightedPairs | null = null;
  if (coupled && path.sided === 'two') {
    let minC = Infinity;
    for (let k = 0; k <= 20; k++) minC = Math.min(minC, path.coefficients(path.tMin + ((path.tMax - path.tMin) * k) / 20).c);
    const exact = path;
    if (!(minC >= WIDTH_FLOOR_1D)) {
      path = withWidthFloor(path, WIDTH_FLOOR_1D);
      notes.push(`zero-width path: the noise width of the pairs' paths is raised to √(c² + ${WIDTH_FLOOR_1D}²)`);
    }
    // Reflow's round 0 is the exact independent field of the path as chosen (no floor needed there).
    pairs = nodePairs(o, o.coupling === 'reflow' ? exact : path, notes);
  }
  const xs = Float64Array.from({ length: rows }, (_, r) => xRange[1] - ((xRange[1] - xRange[0]) * (r + 0.5)) / rows);
  const density = new Float32Array(rows * cols);
  for (let c = 0; c < cols; c++) {
    const t = path.tMin + ((path.tMax - path.tMin) * (c + 0.5)) / cols;
    const lp = pairs ? pairLogDensity(path, pairs, xs, rows, t) : mixturePathLogDensity(path, t, p0, p1, xs);
    let m = -Infinity;
    for (const v of lp) m = Math.max(m, v);
    for (let r = 0; r < rows; r++) density[r * cols + c] = Math.exp(lp[r] - m);
  }
  // Particles start from exact samples of p_{tMin}: x = a x₁ + b x₀ + c ε (a pair drawn by weight when coupled).
  const rng = new Rng(o.seed + 101);
  const { a, b, c } = path.coefficients(path.tMin);
  let x0: Float64Array;
  if (pairs) {
    const P = pairs;
    const cum = new Float64Array(P.count);
    let total = 0;
    for (let k = 0; k < P.count; k++) cum[k] = total += P.w[k];
    x0 = Float64Array.from({ length: o.particles }, () => {
      const u = rng.uniform() * total;
      let k = cum.findIndex((v) => v > u);
      if (k < 0) k = P.count - 1;
      return a * P.x1[k] + b * P.x0[k] + c * rng.normal();
    });
  } else {
    const src = path.sided === 'one' ? MIXTURES_1D.normal.mix : p0;
    x0 = Float64Array.from({ length: o.particles }, () => {
      const x1 = sampleMixture(p1, rng.uniform(), rng.normal());
      const s = sampleMixture(src, rng.uniform(), rng.normal());
      return a * x1 + b * s + c * rng.normal();
    });
  }
  const velocity = pairs
    ? (x: Float64Array, t: number) => pairVelocity(path, pairs, x, x.length, t)
    : (x: Float64Array, t: number) => mixturePathVelocity(path, t, p0, p1, x);
  const res = integrate((x, t, out) => out.set(velocity(x, t)), x0, {
    method: o.method,
    steps: o.steps,
    t0: path.tMin,
    t1: path.tMax,
    trajectory: true,
    d: 1,
  });
  let cost: number;
  if (pairs) cost = pairsCost(pairs);
  else {
    const [m0, s0] = path.sided === 'one' ? [0, 1] : moments(p0);
    const [m1, s1] = moments(p1);
    cost = s0 + s1 - 2 * m0 * m1; // E(x₁ − x₀)² with x₀, x₁ independent
  }
  return {
    path,
    density,
    rows,
    cols,
    xRange,
    times: Float64Array.from(res.times ?? []),
    frames: res.trajectory ?? [x0],
    pairs,
    cost,
    notes,
  };
}
