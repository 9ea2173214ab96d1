/**
 * Affine schedules are one schedule, up to a change of time and of scale (chapter 5).
 *
 * Take two one-sided paths without ε term, x_t = a(t) x₁ + b(t) x₀ ("from") and
 * x̄_t = ā(t) x₁ + b̄(t) x₀ ("to"), with the same x₀ ~ p₀ and x₁ ~ p₁, b, b̄ > 0, and suppose the
 * signal-to-noise ratio ρ(t) = a(t)/b(t) of "from" is continuous and strictly increasing. If
 * ρ̄(t) = ā/b̄ lies in the range of ρ, there is one time r(t) with ρ(r) = ρ̄(t), and then
 *
 *     x̄_t = k(t) x_{r(t)},      k(t) = b̄(t)/b(r(t))       (same pair (x₀, x₁), pathwise),
 *
 * because ā = ρ̄ b̄ = ρ(r) b̄ = a(r) k and b̄ = b(r) k. Differentiating in t and taking E[· | x̄_t = x]
 * (the event x̄_t = x is the event x_{r} = x/k) gives the marginal fields' relation
 *
 *     ū_t(x) = (k'/k) x + k r' u_{r(t)}(x/k),      r' = ρ̄'(t)/ρ'(r),   ρ' = (a' b − a b')/b²,
 *                                                  k' = (b̄' b(r) − b̄ b'(r) r')/b(r)².
 *
 * So a model trained on one schedule gives the field of any other by rescaling its input and output
 * and re-timing: the schedules differ in how they spend time, not in what they can represent
 * (Lipman et al. 2024, "Flow Matching Guide and Code", on scheduler changes).
 *
 * r(t) is found by bisection on ρ over [from.tMin, from.tMax] (64 halvings: to machine precision).
 */
import type { ConditionalPath } from './paths.ts';

export interface ScheduleChange {
  /** The matching time r(t) of the "from" path and its derivative r'(t). */
  r: number;
  dr: number;
  /** The scale k(t) = b̄(t)/b(r(t)) and its derivative k'(t). */
  k: number;
  dk: number;
}

function snr(path: ConditionalPath, t: number): { rho: number; drho: number; b: number; db: number } {
  const { a, b, c, da, db } = path.coefficients(t);
  if (path.sided !== 'one' || c !== 0) throw new Error(`schedule change: "${path.name}" is not a one-sided path without ε term`);
  if (!(b > 0)) throw new RangeError(`schedule change: b(${t}) = ${b} of "${path.name}" is not positive`);
  return { rho: a / b, drho: (da * b - a * db) / (b * b), b, db };
}

/** r(t), r'(t), k(t), k'(t) carrying the "from" schedule onto the "to" schedule at time t. */
export function scheduleChange(from: ConditionalPath, to: ConditionalPath, t: number): ScheduleChange {
  const target = snr(to, t);
  let lo = from.tMin;
  let hi = from.tMax;
  const rLo = snr(from, lo).rho;
  const rHi = snr(from, hi).rho;
  if (!(rLo < rHi)) throw new RangeError(`schedule change: the signal-to-noise ratio of "${from.name}" is not increasing`);
  if (target.rho < rLo || target.rho > rHi) {
    throw new RangeError(`schedule change: ā/b̄ = ${target.rho} at t = ${t} is outside the range [${rLo}, ${rHi}] of "${from.name}"`);
  }
  for (let i = 0; i < 64 && hi - lo > 0; i++) {
    const mid = 0.5 * (lo + hi);
    if (snr(from, mid).rho < target.rho) lo = mid;
    else hi = mid;
  }
  const r = 0.5 * (lo + hi);
  const f = snr(from, r);
  const dr = target.drho / f.drho;
  const k = target.b / f.b;
  const { db: dbTo } = to.coefficients(t);
  const dk = (dbTo * f.b - target.b * f.db * dr) / (f.b * f.b);
  return { r, dr, k, dk };
}

/**
 * The "to" path's marginal field at n points x (n × d), from a field of the "from" path:
 * ū_t(x) = (k'/k) x + k r' u_r(x/k). `velocityFrom(y, r)` evaluates the "from" field at the points y.
 */
export function changedScheduleVelocity(
  from: ConditionalPath,
  to: ConditionalPath,
  t: number,
  x: ArrayLike<number>,
  velocityFrom: (y: Float64Array, r: number) => ArrayLike<number>,
): Float64Array {
  const { r, dr, k, dk } = scheduleChange(from, to, t);
  const y = Float64Array.from(x, (v) => v / k);
  const u = velocityFrom(y, r);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = (dk / k) * x[i] + k * dr * u[i];
  return out;
}
