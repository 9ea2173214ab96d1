/**
 * The exact marginal field of a Gaussian conditional path when the data are Gaussian too:
 *
 *     x_t = a(t) x₁ + b(t) x₀ + c(t) ε,   x₀ ~ 𝒩(0, I), x₁ ~ 𝒩(m, Σ), ε ~ 𝒩(0, I), all independent,
 *
 * with the conditional target Y = a' x₁ + b' x₀ + c' ε (paths.ts). For one-sided paths (c ≡ 0) Y is
 * u_t(x_t | x₁), because x₀ = (x_t − a x₁)/b on the trajectory; for two-sided ones it is u_t(x_t | z).
 *
 * (x_t, Y, x₁, x₀) is jointly Gaussian, so every conditional mean is affine in x. With s² = b² + c²,
 *
 *     K_t = Cov(x_t)     = a² Σ + s² I,        E x_t = a m,
 *     B_t = Cov(Y, x_t)  = a a' Σ + s s' I,    s s' = b b' + c c',    E Y = a' m,
 *
 * and the marginal field (Theorem 1: u_t(x) = E[Y | x_t = x]) is the Gaussian regression
 *
 *     u_t(x) = a' m + B_t K_t⁻¹ (x − a m).
 *
 * The same formula gives the posterior means used by the parametrisations (parametrisations.ts):
 * E[x₁ | x_t = x] = m + a Σ K_t⁻¹ (x − a m) and E[x₀ | x_t = x] = b K_t⁻¹ (x − a m).
 *
 * The conditional variance at time t, the integrand of Theorem 2's constant C = ∫₀¹ V(t) dt, is the
 * trace of the conditional covariance of Y given x_t (it does not depend on x for Gaussians):
 *
 *     V(t) = E‖Y − u_t(x_t)‖² = tr( a'² Σ + (b'² + c'²) I − B_t K_t⁻¹ B_t ).
 *
 * In an eigenbasis of Σ (eigenvalues λ) every matrix above is diagonal, so for the straight path
 * (a = t, b = 1 − t, c = 0) each direction contributes λ + 1 − (tλ − (1 − t))²/(t²λ + (1 − t)²),
 * which simplifies to λ/(t²λ + (1 − t)²): it peaks at t = 1/(1 + λ) with value 1 + λ, and integrates
 * to (π/2)√λ, so C = (π/2) tr Σ^{1/2}. Chapter 5 derives all of this.
 *
 * Σ is given as a symmetric positive semi-definite d × d matrix (row-major); K_t is then positive
 * definite whenever s > 0 or Σ is definite, and is factored by Cholesky.
 */
import type { ConditionalPath } from './paths.ts';

/** A Gaussian data distribution 𝒩(mean, cov) in ℝᵈ (cov row-major d × d, symmetric PSD). */
export interface GaussianLaw {
  mean: ArrayLike<number>;
  cov: ArrayLike<number>;
  d: number;
}

/** Lower-triangular Cholesky factor of a symmetric positive-definite d × d matrix (throws if not PD). */
function cholesky(m: Float64Array, d: number): Float64Array {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = m[i * d + j];
      for (let k = 0; k < j; k++) s -= l[i * d + k] * l[j * d + k];
      if (i === j) {
        if (!(s > 0)) throw new RangeError('gaussian-marginal: Cov(x_t) is not positive definite at this t');
        l[i * d + i] = Math.sqrt(s);
      } else {
        l[i * d + j] = s / l[j * d + j];
      }
    }
  }
  return l;
}

/** Solves L Lᵀ y = r in place (r has length d). */
function cholSolve(l: Float64Array, d: number, r: Float64Array): Float64Array {
  for (let i = 0; i < d; i++) {
    let s = r[i];
    for (let k = 0; k < i; k++) s -= l[i * d + k] * r[k];
    r[i] = s / l[i * d + i];
  }
  for (let i = d - 1; i >= 0; i--) {
    let s = r[i];
    for (let k = i + 1; k < d; k++) s -= l[k * d + i] * r[k];
    r[i] = s / l[i * d + i];
  }
  return r;
}

/** The coefficients at time t and the factor of K_t = a² Σ + s² I. */
function setUp(path: ConditionalPath, t: number, law: GaussianLaw) {
  const { a, b, c, da, db, dc } = path.coefficients(t);
  if (![a, b, c, da, db, dc].every(Number.isFinite)) {
    throw new RangeError(`gaussian-marginal: path "${path.name}" has non-finite coefficients at t = ${t}`);
  }
  const d = law.d;
  if (law.mean.length !== d || law.cov.length !== d * d) throw new RangeError('gaussian-marginal: mean must have d entries and cov d × d');
  const s2 = b * b + c * c;
  const ss = b * db + c * dc;
  const k = new Float64Array(d * d);
  for (let i = 0; i < d * d; i++) k[i] = a * a * law.cov[i];
  for (let i = 0; i < d; i++) k[i * d + i] += s2;
  return { a, b, c, da, db, dc, s2, ss, d, l: cholesky(k, d) };
}

/** Σ v for one vector v. */
function covTimes(law: GaussianLaw, v: ArrayLike<number>): Float64Array {
  const d = law.d;
  const out = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += law.cov[i * d + j] * v[j];
    out[i] = s;
  }
  return out;
}

/** Which conditional mean to return: of the target Y (the marginal field), of x₁, or of x₀. */
type Of = 'velocity' | 'x1' | 'x0';

function conditionalMean(of: Of, path: ConditionalPath, x: ArrayLike<number>, n: number, t: number, law: GaussianLaw): Float64Array {
  const { a, b, da, ss, d, l } = setUp(path, t, law);
  if (x.length !== n * d) throw new RangeError(`gaussian-marginal: x must hold n × d = ${n * d} numbers`);
  const out = new Float64Array(n * d);
  const r = new Float64Array(d);
  for (let q = 0; q < n; q++) {
    for (let k = 0; k < d; k++) r[k] = x[q * d + k] - a * law.mean[k];
    const y = cholSolve(l, d, r); // K⁻¹ (x − a m)
    const sy = covTimes(law, y); // Σ K⁻¹ (x − a m)
    for (let k = 0; k < d; k++) {
      const j = q * d + k;
      if (of === 'velocity') out[j] = da * law.mean[k] + a * da * sy[k] + ss * y[k];
      else if (of === 'x1') out[j] = law.mean[k] + a * sy[k];
      else out[j] = b * y[k];
    }
  }
  return out;
}

/** The exact marginal velocity u_t(x) = a' m + (a a' Σ + s s' I)(a² Σ + s² I)⁻¹ (x − a m) at n points (n × d). */
export function gaussianMarginalVelocity(
  path: ConditionalPath,
  x: ArrayLike<number>,
  n: number,
  t: number,
  law: GaussianLaw,
): Float64Array {
  return conditionalMean('velocity', path, x, n, t, law);
}

/** E[x₁ | x_t = x] = m + a Σ (a² Σ + s² I)⁻¹ (x − a m) at n points (the exact denoiser). */
export function gaussianPosteriorMeanX1(path: ConditionalPath, x: ArrayLike<number>, n: number, t: number, law: GaussianLaw): Float64Array {
  return conditionalMean('x1', path, x, n, t, law);
}

/** E[x₀ | x_t = x] = b (a² Σ + s² I)⁻¹ (x − a m) at n points (the exact noise prediction when c ≡ 0). */
export function gaussianPosteriorMeanX0(path: ConditionalPath, x: ArrayLike<number>, n: number, t: number, law: GaussianLaw): Float64Array {
  return conditionalMean('x0', path, x, n, t, law);
}

/** The exact score ∇ log p_t(x) = −(a² Σ + s² I)⁻¹ (x − a m) of the marginal p_t = 𝒩(a m, a² Σ + s² I). */
export function gaussianMarginalScore(path: ConditionalPath, x: ArrayLike<number>, n: number, t: number, law: GaussianLaw): Float64Array {
  const { a, d, l } = setUp(path, t, law);
  const out = new Float64Array(n * d);
  const r = new Float64Array(d);
  for (let q = 0; q < n; q++) {
    for (let k = 0; k < d; k++) r[k] = x[q * d + k] - a * law.mean[k];
    cholSolve(l, d, r);
    for (let k = 0; k < d; k++) out[q * d + k] = -r[k];
  }
  return out;
}

/**
 * V(t) = E‖Y − u_t(x_t)‖² = tr(a'² Σ + (b'² + c'²) I − B K⁻¹ B), B = a a' Σ + s s' I, K = a² Σ + s² I:
 * the conditional-field variance at time t, whose integral over t is Theorem 2's constant C.
 */
export function gaussianConditionalVariance(path: ConditionalPath, t: number, law: GaussianLaw): number {
  const { a, da, db, dc, ss, d, l } = setUp(path, t, law);
  let trace = 0;
  for (let i = 0; i < d; i++) trace += da * da * law.cov[i * d + i] + db * db + dc * dc;
  // tr(B K⁻¹ B) = Σ_j e_jᵀ B K⁻¹ B e_j: one solve per column of B.
  const col = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    for (let i = 0; i < d; i++) col[i] = a * da * law.cov[i * d + j] + (i === j ? ss : 0);
    const bj = Float64Array.from(col);
    cholSolve(l, d, col); // K⁻¹ B e_j
    let s = 0;
    for (let i = 0; i < d; i++) s += bj[i] * col[i]; // (B e_j)ᵀ K⁻¹ (B e_j), B symmetric
    trace -= s;
  }
  return trace;
}
