/**
 * The exact log-likelihood of a flow model at a set of points, computed twice (Chapter 4, "The
 * likelihood of a flow-matching model"): once with the exact divergence and once with Hutchinson's
 * estimator, each by one backward solve of the augmented ODE (flow-likelihood.ts) with the same fixed
 * number of RK4 steps, and what each costs in evaluations of the field.
 *
 *   log p_θ(x) = log p₀(z₀) − ∫₀¹ div u_t(z_t) dt,   z_t the trajectory through z₁ = x.
 *
 * Cost per point: the solver asks for NFE = 4 · steps evaluations of the augmented field; each needs
 * u itself plus, for the exact divergence, 2d more (central differences along every axis, the
 * stand-in for d Jacobian passes) or, for Hutchinson, 2 per probe (one Jacobian–vector product).
 * `compareLikelihoods` runs on any subset of points, so a page can spread a large set over several
 * tasks and pool the per-point values with `summariseLikelihoods`.
 */
import { flowLogLikelihood } from './flow-likelihood.ts';
import type { VelocityFn } from './ode.ts';
import type { Rng } from './rng.ts';

interface LikelihoodComparisonOptions {
  /** Fixed RK4 steps of each backward solve (NFE = 4 · steps). */
  steps: number;
  probe: 'gaussian' | 'rademacher';
  /** Hutchinson probes per point, fixed along the solve. */
  probes: number;
  rng: Rng;
}

interface LikelihoodComparison {
  /** log p_θ(xᵢ) with the exact divergence, and with Hutchinson's estimate. */
  exact: Float64Array;
  hutchinson: Float64Array;
  /** Evaluations of the augmented field per solve (the solver's NFE). */
  nfe: number;
  /** Evaluations of u per point: NFE · (1 + 2d) exact, NFE · (1 + 2 · probes) Hutchinson. */
  exactCost: number;
  hutchinsonCost: number;
}

export function compareLikelihoods(
  velocity: VelocityFn,
  logP0: (z: Float64Array, n: number) => Float64Array,
  x: ArrayLike<number>,
  n: number,
  d: number,
  opts: LikelihoodComparisonOptions,
): LikelihoodComparison {
  const steps = Math.max(1, Math.round(opts.steps));
  const probes = Math.max(1, Math.round(opts.probes));
  const exact = flowLogLikelihood(velocity, logP0, x, n, d, { method: 'rk4', steps, divergence: { kind: 'exact' } });
  const hutch = flowLogLikelihood(velocity, logP0, x, n, d, {
    method: 'rk4',
    steps,
    divergence: { kind: 'hutchinson', probe: opts.probe, probes, rng: opts.rng },
  });
  return {
    exact: exact.logLikelihood,
    hutchinson: hutch.logLikelihood,
    nfe: exact.nfe,
    exactCost: exact.fieldEvaluations,
    hutchinsonCost: hutch.fieldEvaluations,
  };
}

interface MeanWithError {
  mean: number;
  /** Standard error of the mean (sample standard deviation / √n). */
  se: number;
}

export interface LikelihoodSummary {
  /** Points whose log-likelihood is finite under both estimates (the others are counted, not averaged). */
  count: number;
  infinite: number;
  exact: MeanWithError;
  hutchinson: MeanWithError;
  /** Hutchinson minus exact, per point: its mean (the estimator's bias plus noise) and spread. */
  difference: { mean: number; sd: number };
  /** The exact average in bits per dimension: −mean / (d ln 2). */
  bitsPerDim: number;
}

function meanSe(v: number[]): MeanWithError {
  const n = v.length;
  if (n === 0) return { mean: NaN, se: NaN };
  const mean = v.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, se: NaN };
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  return { mean, se: sd / Math.sqrt(n) };
}

/** Pools per-point values (from one or several `compareLikelihoods` calls) into means ± standard errors. */
export function summariseLikelihoods(exact: ArrayLike<number>, hutchinson: ArrayLike<number>, d: number): LikelihoodSummary {
  if (exact.length !== hutchinson.length) throw new RangeError('summariseLikelihoods: the two estimates must cover the same points');
  const e: number[] = [];
  const h: number[] = [];
  let infinite = 0;
  for (let i = 0; i < exact.length; i++) {
    if (Number.isFinite(exact[i]) && Number.isFinite(hutchinson[i])) {
      e.push(exact[i]);
      h.push(hutchinson[i]);
    } else infinite++;
  }
  const diff = meanSe(h.map((x, i) => x - e[i]));
  const ex = meanSe(e);
  return {
    count: e.length,
    infinite,
    exact: ex,
    hutchinson: meanSe(h),
    difference: { mean: diff.mean, sd: diff.se * Math.sqrt(e.length) },
    bitsPerDim: -ex.mean / (d * Math.LN2),
  };
}
