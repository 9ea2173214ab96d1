/**
 * Stochastic sampling along a probability path (chapter 10).
 *
 * The SDE extension of a pair (u_t, p_t) that solves the continuity equation: for any noise level
 * g(t) ≥ 0,
 *
 *   dX_t = [ u_t(X_t) + ½ g(t)² ∇log p_t(X_t) ] dt + g(t) dW_t
 *
 * has the same marginals p_t (Fokker–Planck: −div(p b) + ½ g² Δp = −div(p u) since p ∇log p = ∇p).
 * g ≡ 0 is the ODE of flow matching (the probability-flow ODE); on the VP path, g(t)² = β(1 − t)
 * is the reverse-time SDE of score-based diffusion.
 *
 * Euler–Maruyama with K uniform steps h = (t₁ − t₀)/K (t₀ < t₁):
 *
 *   X_{k+1} = X_k + h b(X_k, t_k) + g(t_k) √h ξ_k,   ξ_k ~ 𝒩(0, I) i.i.d. (seeded Rng),
 *
 * weak order 1; because the noise is additive (g depends on t only) its strong order is 1 as well,
 * not the ½ of general Itô SDEs. With g ≡ 0 it is the explicit Euler method. The noise ξ is drawn point by point, coordinate
 * by coordinate, in row-major order, so a run is reproducible from its seed.
 */
import type { Rng } from './rng.ts';
import type { AsyncVelocityFn, VelocityFn } from './ode.ts';
import type { ConditionalPath } from './paths.ts';
import { scoreFromVelocity } from './score.ts';

/** A noise level g(t) ≥ 0. */
export type NoiseSchedule = (t: number) => number;

export interface SdeOptions {
  steps: number;
  t0?: number;
  t1?: number;
  rng: Rng;
  /** Record the state after every step (the initial state first). */
  trajectory?: boolean;
  /** Take the last step without noise (common in samplers: it returns the drift's prediction). */
  noiselessLastStep?: boolean;
}

export interface SdeResult {
  x: Float64Array;
  /** Drift evaluations. */
  nfe: number;
  times?: number[];
  trajectory?: Float64Array[];
}

/** One drift evaluation the stepper asks for: fill `out` with drift(x, t). */
interface DriftRequest {
  x: Float64Array;
  t: number;
  out: Float64Array;
}

/**
 * Euler–Maruyama written once, as a generator that yields every drift evaluation it needs; the sync
 * and async drivers below answer them (like the ODE methods of ode.ts).
 */
function* eulerMaruyama(g: NoiseSchedule, x0: ArrayLike<number>, opts: SdeOptions): Generator<DriftRequest, SdeResult, void> {
  const steps = Math.max(1, Math.floor(opts.steps));
  const t0 = opts.t0 ?? 0;
  const t1 = opts.t1 ?? 1;
  if (!(t1 > t0)) throw new Error('integrateSde: needs t1 > t0');
  const h = (t1 - t0) / steps;
  const sq = Math.sqrt(h);
  const x = Float64Array.from(x0);
  const b = new Float64Array(x.length);
  const times = opts.trajectory ? [t0] : undefined;
  const trajectory = opts.trajectory ? [Float64Array.from(x)] : undefined;
  for (let k = 0; k < steps; k++) {
    const t = t0 + k * h;
    yield { x, t, out: b };
    const gk = k === steps - 1 && opts.noiselessLastStep ? 0 : g(t);
    if (!(gk >= 0) || !Number.isFinite(gk)) throw new Error(`integrateSde: g(${t}) = ${gk} is not a finite non-negative number`);
    const s = gk * sq;
    for (let j = 0; j < x.length; j++) x[j] += h * b[j] + (s > 0 ? s * opts.rng.normal() : 0);
    if (times && trajectory) {
      times.push(t + h);
      trajectory.push(Float64Array.from(x));
    }
  }
  return { x, nfe: steps, times, trajectory };
}

/** Euler–Maruyama for dX = drift(X, t) dt + g(t) dW from t0 (default 0) to t1 (default 1). */
export function integrateSde(drift: VelocityFn, g: NoiseSchedule, x0: ArrayLike<number>, opts: SdeOptions): SdeResult {
  const gen = eulerMaruyama(g, x0, opts);
  for (let r = gen.next(); ; r = gen.next()) {
    if (r.done) return r.value;
    drift(r.value.x, r.value.t, r.value.out);
  }
}

/**
 * The same for an asynchronous drift (a network read back from a device): the same steps and the
 * same noise draws, so with a drift that computes the same numbers the result is identical.
 */
export async function integrateSdeAsync(
  drift: AsyncVelocityFn,
  g: NoiseSchedule,
  x0: ArrayLike<number>,
  opts: SdeOptions,
): Promise<SdeResult> {
  const gen = eulerMaruyama(g, x0, opts);
  for (let r = gen.next(); ; r = gen.next()) {
    if (r.done) return r.value;
    await drift(r.value.x, r.value.t, r.value.out);
  }
}

/**
 * The drift of the SDE extension, u + ½ g² s, from a velocity field u and a score field s (both
 * batched VelocityFn-shaped: f(x, t, out)).
 */
export function extendedDrift(velocity: VelocityFn, score: VelocityFn, g: NoiseSchedule): VelocityFn {
  let buf = new Float64Array(0);
  return (x, t, out) => {
    velocity(x, t, out);
    const gt = g(t);
    if (gt === 0) return;
    if (buf.length !== x.length) buf = new Float64Array(x.length);
    score(x, t, buf);
    const c = 0.5 * gt * gt;
    for (let j = 0; j < x.length; j++) out[j] += c * buf[j];
  };
}

/**
 * The drift of the SDE extension from a velocity field alone, on a Gaussian path: the score is
 * recovered by the conversion a u − a' x = κ ∇log p (parametrisations.ts, via score.ts), so one evaluation of u per step
 * serves both terms. This is how a trained flow-matching model (a velocity network) is sampled
 * stochastically.
 */
export function extendedDriftFromVelocity(path: ConditionalPath, velocity: VelocityFn, g: NoiseSchedule): VelocityFn {
  return (x, t, out) => {
    velocity(x, t, out);
    addScoreTerm(path, x, t, g(t), out);
  };
}

/** The same with an asynchronous velocity (a network): one awaited evaluation per step. */
export function extendedDriftFromVelocityAsync(path: ConditionalPath, velocity: AsyncVelocityFn, g: NoiseSchedule): AsyncVelocityFn {
  return async (x, t, out) => {
    await velocity(x, t, out);
    addScoreTerm(path, x, t, g(t), out);
  };
}

/** u ↦ u + ½ g² ∇log p_t, the score obtained from u itself (out holds u on entry). */
function addScoreTerm(path: ConditionalPath, x: Float64Array, t: number, gt: number, out: Float64Array): void {
  if (gt === 0) return;
  const s = scoreFromVelocity(path, x, out, t);
  const c = 0.5 * gt * gt;
  for (let j = 0; j < x.length; j++) out[j] += c * s[j];
}
