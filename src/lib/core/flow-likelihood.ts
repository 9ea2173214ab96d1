/**
 * The exact log-likelihood of a flow model (Chapters 3 and 4): for a velocity field u with flow ψ,
 * p₁ = (ψ₁)#p₀, and a point x, solve the augmented ODE backward from t = 1 to t = 0,
 *
 *   ż_t = u_t(z_t),  ℓ̇_t = div u_t(z_t),   z₁ = x, ℓ₁ = 0,
 *
 * then log p₁(x) = log p₀(z₀) + ℓ₀   (ℓ₀ = −∫₀¹ div u_t(z_t) dt: the instantaneous change of
 * variables integrated along the trajectory). Any solver of ode.ts integrates the d + 1
 * coordinates together. The divergence is either exact (central differences along each axis:
 * 2d evaluations of u, the stand-in here for d Jacobian passes) or Hutchinson's estimate with
 * probes drawn once per solve and held fixed along it, as FFJORD does (2 evaluations per probe,
 * a finite-difference Jacobian–vector product). `fieldEvaluations` counts every batched
 * evaluation of u, including those spent on the divergence: the honest cost of one likelihood.
 */
import { integrate, type OdeMethod, type VelocityFn } from './ode.ts';
import type { Rng } from './rng.ts';

export type DivergenceMode =
  { kind: 'exact'; h?: number } | { kind: 'hutchinson'; probe: 'gaussian' | 'rademacher'; probes?: number; rng: Rng; h?: number };

export interface FlowLikelihoodOptions {
  method: OdeMethod;
  steps?: number;
  rtol?: number;
  atol?: number;
  divergence: DivergenceMode;
}

export interface FlowLikelihoodResult {
  /** log p₁(xᵢ) for each of the n points. */
  logLikelihood: Float64Array;
  /** The start points z₀ = ψ₁⁻¹(xᵢ) (n × d). */
  z0: Float64Array;
  /** Solver steps' evaluations of the augmented field (NFE of the ODE solve). */
  nfe: number;
  /** Batched evaluations of u in total (NFE × (1 + evaluations per divergence)). */
  fieldEvaluations: number;
}

/**
 * log p₁ at n points x (n × d) for the flow of `velocity` from the source density `logP0`
 * (log p₀ of n points, n × d → n values).
 */
export function flowLogLikelihood(
  velocity: VelocityFn,
  logP0: (z: Float64Array, n: number) => Float64Array,
  x: ArrayLike<number>,
  n: number,
  d: number,
  opts: FlowLikelihoodOptions,
): FlowLikelihoodResult {
  const D = d + 1;
  const mode = opts.divergence;
  const h = mode.h ?? 1e-5;
  const probeCount = mode.kind === 'hutchinson' ? Math.max(1, mode.probes ?? 1) : 0;
  // Probes fixed for the whole solve (one set per point).
  const probes = new Float64Array(probeCount * n * d);
  if (mode.kind === 'hutchinson') {
    for (let i = 0; i < probes.length; i++) {
      probes[i] = mode.probe === 'gaussian' ? mode.rng.normal() : mode.rng.uniform() < 0.5 ? -1 : 1;
    }
  }
  const z = new Float64Array(n * d);
  const up = new Float64Array(n * d);
  const um = new Float64Array(n * d);
  const u = new Float64Array(n * d);
  const zp = new Float64Array(n * d);
  const zm = new Float64Array(n * d);
  let fieldEvaluations = 0;
  const field: VelocityFn = (state, t, out) => {
    for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) z[i * d + k] = state[i * D + k];
    velocity(z, t, u);
    fieldEvaluations++;
    const div = new Float64Array(n);
    if (mode.kind === 'exact') {
      for (let k = 0; k < d; k++) {
        zp.set(z);
        zm.set(z);
        for (let i = 0; i < n; i++) {
          zp[i * d + k] += h;
          zm[i * d + k] -= h;
        }
        velocity(zp, t, up);
        velocity(zm, t, um);
        fieldEvaluations += 2;
        for (let i = 0; i < n; i++) div[i] += (up[i * d + k] - um[i * d + k]) / (2 * h);
      }
    } else {
      for (let p = 0; p < probeCount; p++) {
        const off = p * n * d;
        for (let j = 0; j < n * d; j++) {
          zp[j] = z[j] + h * probes[off + j];
          zm[j] = z[j] - h * probes[off + j];
        }
        velocity(zp, t, up);
        velocity(zm, t, um);
        fieldEvaluations += 2;
        // εᵀ ∇u ε ≈ εᵀ (u(z + hε) − u(z − hε)) / (2h).
        for (let i = 0; i < n; i++) {
          let s = 0;
          for (let k = 0; k < d; k++) s += probes[off + i * d + k] * (up[i * d + k] - um[i * d + k]);
          div[i] += s / (2 * h * probeCount);
        }
      }
    }
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < d; k++) out[i * D + k] = u[i * d + k];
      out[i * D + d] = div[i];
    }
  };
  const start = new Float64Array(n * D);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) start[i * D + k] = x[i * d + k];
  const res = integrate(field, start, { method: opts.method, steps: opts.steps, rtol: opts.rtol, atol: opts.atol, t0: 1, t1: 0, d: D });
  const z0 = new Float64Array(n * d);
  const ell = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < d; k++) z0[i * d + k] = res.x[i * D + k];
    ell[i] = res.x[i * D + d];
  }
  const lp0 = logP0(z0, n);
  // ℓ₀ = ℓ₁ − ∫₀¹ div = −∫₀¹ div u_t(z_t) dt, so log p₁(x) = log p₀(z₀) + ℓ₀.
  const logLikelihood = new Float64Array(n);
  for (let i = 0; i < n; i++) logLikelihood[i] = lp0[i] + ell[i];
  return { logLikelihood, z0, nfe: res.nfe, fieldEvaluations };
}
