/**
 * Rectified flow and reflow with closed-form fields (Liu et al. 2023), for the numbers of the
 * rectified-flow chapter.
 *
 * Rectified flow is CFM with the two-sided straight path x_t = t x₁ + (1 − t) x₀ and the target
 * x₁ − x₀. Its exact minimiser is u_t(x) = E[x₁ − x₀ | x_t = x]. Two cases have a closed form:
 *
 * - Round 1 (independent coupling, p₀ = 𝒩(0, I), p₁ = (1/n) Σᵢ δ_{yᵢ}): the core's closed form for
 *   the 'rectified' path with a Gaussian source (the conical field, Proposition "conical path and
 *   rectified flow"), u_t(x) = (Σᵢ wᵢ yᵢ − x)/(1 − t), wᵢ ∝ exp(−‖x − t yᵢ‖²/(2(1 − t)²)).
 * - Later rounds (a coupling given by M pairs (aⱼ, bⱼ), each with weight 1/M): the paths
 *   x_t = t bⱼ + (1 − t) aⱼ + σ ε (I-CFM width σ > 0; σ → 0 is rectified flow) give
 *
 *       u_t(x) = Σⱼ wⱼ(x, t) (bⱼ − aⱼ),   wⱼ ∝ exp(−‖x − t bⱼ − (1 − t) aⱼ‖² / (2σ²)),
 *
 *   the posterior-weight form of Theorem 1 restricted to the M pairs (the plan is diagonal, so
 *   this costs O(M) per point instead of the O(M²) of the dense plan in closed-form.ts).
 *   Its flow starts at the pairs' sources blurred by σ and ends at their targets blurred by σ.
 *
 * The reflow step pairs each source point with the end of its trajectory, (x₀, ψ₁(x₀))
 * (`reflowCoupling` in couplings.ts). For any convex cost c, the new coupling's cost
 * E c(ψ₁(x₀) − x₀) is at most the old one's (Jensen twice) — the theorem of the chapter; the
 * straightness S = ∫ E‖(Z₁ − Z₀) − Ż_t‖² dt measures how far the flow is from one-step exact.
 *
 * Non-optimality certificate: an optimal plan for ‖·‖² is cyclically monotone, so two of its pairs
 * satisfy ⟨x − x′, y − y′⟩ ≥ 0; exchanging the partners of a violating pair lowers the cost by
 * exactly −2⟨x − x′, y − y′⟩ > 0 (`swapGains` lists these amounts).
 */
import { getPath } from './paths.ts';
import { marginalVelocity } from './closed-form.ts';
import { integrate, type OdeMethod, type VelocityFn } from './ode.ts';
import type { Paired } from './couplings.ts';
import { straightness, w2Exact } from './metrics.ts';
import type { Rng } from './rng.ts';

/** The exact round-1 rectified-flow field for p₀ = 𝒩(0, I) and the empirical target `data` (n × d). */
export function gaussianToDataField(data: ArrayLike<number>, n: number, d: number): VelocityFn {
  const path = getPath('rectified');
  return (x, t, out) => {
    out.set(marginalVelocity(path, x, x.length / d, t, data, n, d));
  };
}

/**
 * The closed-form rectified/I-CFM field of a coupling given as M pairs (x0, x1; M × d each) with
 * width σ > 0: u_t(x) = Σⱼ wⱼ (x1ⱼ − x0ⱼ) with log-sum-exp weights.
 */
export function pairedField(pairs: Paired, m: number, d: number, sigma: number): VelocityFn {
  if (!(sigma > 0)) throw new Error('pairedField: σ must be positive (σ = 0 has no field off the segments)');
  const { x0, x1 } = pairs;
  const inv = 1 / (2 * sigma * sigma);
  const lw = new Float64Array(m);
  return (x, t, out) => {
    const n = x.length / d;
    for (let q = 0; q < n; q++) {
      let mx = -Infinity;
      for (let j = 0; j < m; j++) {
        let s = 0;
        for (let k = 0; k < d; k++) {
          const r = x[q * d + k] - t * x1[j * d + k] - (1 - t) * x0[j * d + k];
          s += r * r;
        }
        lw[j] = -s * inv;
        if (lw[j] > mx) mx = lw[j];
      }
      let sum = 0;
      for (let k = 0; k < d; k++) out[q * d + k] = 0;
      for (let j = 0; j < m; j++) {
        const e = lw[j] - mx;
        if (e < -50) continue;
        const w = Math.exp(e);
        sum += w;
        for (let k = 0; k < d; k++) out[q * d + k] += w * (x1[j * d + k] - x0[j * d + k]);
      }
      for (let k = 0; k < d; k++) out[q * d + k] /= sum;
    }
  };
}

/** Mean transport cost (1/M) Σⱼ c(x1ⱼ − x0ⱼ) of a coupling given as pairs; default c = ‖·‖². */
export function couplingCost(pairs: Paired, m: number, d: number, cost: (v: Float64Array) => number = sqNorm): number {
  const v = new Float64Array(d);
  let s = 0;
  for (let j = 0; j < m; j++) {
    for (let k = 0; k < d; k++) v[k] = pairs.x1[j * d + k] - pairs.x0[j * d + k];
    s += cost(v);
  }
  return s / m;
}

function sqNorm(v: Float64Array): number {
  let s = 0;
  for (const a of v) s += a * a;
  return s;
}

/** Figures of one rectified flow, measured on the M starting points it is run from. */
export interface RoundFigures {
  /** The coupling (x₀, ψ₁(x₀)) the flow produces (accurate solve). */
  coupling: Paired;
  /** E‖ψ₁(x₀) − x₀‖², the quadratic transport cost of that coupling. */
  cost: number;
  /** Straightness S = ∫ E‖(Z₁ − Z₀) − Ż_t‖² dt (from the accurate trajectories). */
  straightness: number;
  /** W₂ between the samples after k Euler steps and the reference set, per entry of `eulerSteps`. */
  w2: number[];
}

export interface ReflowOptions {
  /** Number of rectified flows: 1 is the first (independent coupling), then reflow rounds. */
  rounds: number;
  /** Width of the closed-form fields of rounds ≥ 2 (default 0.1). */
  sigma?: number;
  /** Euler step counts whose one-/few-step W₂ is reported (default [1, 2, 4]). */
  eulerSteps?: number[];
  /** Accurate solver for couplings and straightness (default RK4 with 400 steps). */
  method?: OdeMethod;
  steps?: number;
}

/**
 * Runs k-rectified flows with closed-form fields: round 1 from p₀ = 𝒩(0, I) (the M points
 * `start`) to the empirical `data`; round r + 1 is the paired field of round r's coupling, run from
 * that coupling's sources blurred by σ (a sample of its own starting marginal). W₂ is measured
 * against `reference` (M × d points, e.g. the data repeated, or fresh data samples).
 */
export function reflowRounds(
  data: ArrayLike<number>,
  n: number,
  start: Float64Array,
  reference: ArrayLike<number>,
  d: number,
  rng: Rng,
  opts: ReflowOptions,
): RoundFigures[] {
  const m = start.length / d;
  const sigma = opts.sigma ?? 0.1;
  const eulerSteps = opts.eulerSteps ?? [1, 2, 4];
  const method = opts.method ?? 'rk4';
  const steps = opts.steps ?? 400;
  const out: RoundFigures[] = [];
  let field = gaussianToDataField(data, n, d);
  let x0 = start;
  for (let r = 0; r < opts.rounds; r++) {
    const traj = integrate(field, x0, { method, steps, trajectory: true });
    const coupling: Paired = { x0: Float64Array.from(x0), x1: traj.x };
    const w2 = eulerSteps.map((k) => w2Exact(integrate(field, x0, { method: 'euler', steps: k }).x, reference, m, d));
    out.push({
      coupling,
      cost: couplingCost(coupling, m, d),
      straightness: straightness(traj.trajectory!, m, d, traj.times),
      w2,
    });
    // Reflow: the next flow is the exact minimiser on the pairs (x₀, ψ₁(x₀)), started from a fresh
    // sample of its own t = 0 marginal (the sources blurred by σ).
    field = pairedField(coupling, m, d, sigma);
    const next = new Float64Array(m * d);
    for (let i = 0; i < m * d; i++) next[i] = coupling.x0[i] + sigma * rng.normal();
    x0 = next;
  }
  return out;
}

/**
 * For every pair of pairs (i < j) of a coupling with ⟨x0ᵢ − x0ⱼ, x1ᵢ − x1ⱼ⟩ < 0, the amount
 * −2⟨x0ᵢ − x0ⱼ, x1ᵢ − x1ⱼ⟩ by which exchanging their partners lowers the quadratic cost, with
 * ‖x0ᵢ − x0ⱼ‖ (to bound how much endpoint errors could change it). Empty for a cyclically
 * monotone (optimal) set of pairs.
 */
export function swapGains(pairs: Paired, m: number, d: number): { i: number; j: number; gain: number; sourceDistance: number }[] {
  const out: { i: number; j: number; gain: number; sourceDistance: number }[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      let dot = 0,
        dist = 0;
      for (let k = 0; k < d; k++) {
        const a = pairs.x0[i * d + k] - pairs.x0[j * d + k];
        dot += a * (pairs.x1[i * d + k] - pairs.x1[j * d + k]);
        dist += a * a;
      }
      if (dot < 0) out.push({ i, j, gain: -2 * dot, sourceDistance: Math.sqrt(dist) });
    }
  }
  return out;
}
