/**
 * Gaussian conditional probability paths, all written in one affine form
 *
 *     x_t = a(t) x₁ + b(t) x₀ + c(t) ε,        x₀ ~ p₀, x₁ ~ p₁, ε ~ 𝒩(0, I),
 *
 * whose conditional flow has velocity  u_t = a'(t) x₁ + b'(t) x₀ + c'(t) ε.
 *
 * One-sided paths (z = x₁; Lipman et al. 2023): x₀ is Gaussian noise, c ≡ 0, so p_t(x | x₁) =
 * 𝒩(a x₁, b² I): μ_t = a x₁, σ_t = b, and u_t(x | x₁) = a' x₁ + (b'/b)(x − a x₁).
 *   - 'ot':  μ_t = t x₁, σ_t = 1 − (1 − σ_min) t (Lipman's OT path); t ∈ [0, 1].
 *   - 've':  μ_t = x₁, σ_t = σ_{1−t} with σ_s = σ_min (σ_max/σ_min)^s (variance exploding).
 *   - 'vp':  μ_t = α_{1−t} x₁, σ_t = √(1 − α²_{1−t}), α_s = exp(−½ T(s)),
 *            T(s) = ∫₀ˢ β = β_min s + ½ (β_max − β_min) s², β_min = 0.1, β_max = 20 (Lipman et al.,
 *            after Song et al.); σ_t → 0 and σ'_t → ∞ at t = 1, so t ∈ [0, 1 − 10⁻⁵].
 * Two-sided paths (z = (x₀, x₁); Tong et al. 2024, Liu et al. 2023, Albergo & Vanden-Eijnden 2023):
 * p_t(x | x₀, x₁) = 𝒩(a x₁ + b x₀, c² I) and u_t(x | z) = a' x₁ + b' x₀ + (c'/c)(x − a x₁ − b x₀).
 *   - 'rectified': a = t, b = 1 − t, c = 0 (rectified flow / linear interpolation).
 *   - 'icfm':      a = t, b = 1 − t, c = σ (I-CFM, constant width).
 *   - 'sb':        a = t, b = 1 − t, c = σ √(t(1 − t)) (Schrödinger-bridge CFM, Brownian bridge).
 *   - 'trig':      a = sin(πt/2), b = cos(πt/2), c = 0 (the trigonometric interpolant).
 */
import type { Rng } from './rng.ts';

/** What a reader, a control or an engine needs to know about a path family without building it. */
export interface PathFamily {
  /** Name shown in controls and tables. */
  label: string;
  /** 'one': z = x₁ and x₀ is 𝒩(0, I) noise; 'two': z = (x₀, x₁) with any source. */
  sided: 'one' | 'two';
  /**
   * The family's noise width, as the `PathParams` field that sets it: σ_min for OT and VE, σ for
   * I-CFM and SB; null when the family has none (VP's schedule is fixed by β; rectified and
   * trigonometric have zero width).
   */
  width: 'sigmaMin' | 'sigma' | null;
}

/** The path families, in display order: the one list of them (controls, schemas, engines, tests). */
export const PATH_FAMILIES = {
  ot: { label: 'OT path', sided: 'one', width: 'sigmaMin' },
  ve: { label: 'VE diffusion', sided: 'one', width: 'sigmaMin' },
  vp: { label: 'VP diffusion', sided: 'one', width: null },
  rectified: { label: 'Rectified (σ = 0)', sided: 'two', width: null },
  icfm: { label: 'I-CFM (constant σ)', sided: 'two', width: 'sigma' },
  sb: { label: 'Schrödinger bridge', sided: 'two', width: 'sigma' },
  trig: { label: 'Trigonometric', sided: 'two', width: null },
} as const satisfies Record<string, PathFamily>;

export type PathName = keyof typeof PATH_FAMILIES;

/** Names of the path families, in display order. */
export const PATH_NAMES = Object.keys(PATH_FAMILIES) as PathName[];

/** Label of each path family (for a select's options). */
export const PATH_LABELS = Object.fromEntries(PATH_NAMES.map((n) => [n, PATH_FAMILIES[n].label])) as Readonly<Record<PathName, string>>;

/**
 * Why a width control does nothing for this family ('' when it has a width): the message a σ slider
 * shows, disabled, next to a family that has no width parameter (VP diffusion, rectified flow).
 */
export function widthInertReason(path: PathName): string {
  return PATH_FAMILIES[path].width === null ? `${PATH_FAMILIES[path].label} has no width parameter.` : '';
}

/** Coefficients of x_t = a x₁ + b x₀ + c ε at one time, with their exact time derivatives. */
export interface PathCoefficients {
  a: number;
  b: number;
  c: number;
  da: number;
  db: number;
  dc: number;
}

export interface PathParams {
  /** Width σ of I-CFM and SB (default 0.1); also the default σ_min of the OT path. */
  sigma?: number;
  /** σ_min of the OT path (default `sigma`, else 0.01) and of VE (default 0.01). */
  sigmaMin?: number;
  /** σ_max of VE (default 10). */
  sigmaMax?: number;
  /** VP β schedule (defaults 0.1 and 20). */
  betaMin?: number;
  betaMax?: number;
}

export interface ConditionalPath {
  name: PathName;
  label: string;
  /** 'one': z = x₁ and x₀ is 𝒩(0, I) noise; 'two': z = (x₀, x₁) with any source. */
  sided: 'one' | 'two';
  /** Time domain on which every coefficient and the closed-form field are finite. */
  tMin: number;
  tMax: number;
  /** Whether c(t) is not identically 0 (samplePathBatch then draws ε). */
  stochastic: boolean;
  /** The parameters actually used (after defaults and clamping). */
  params: Required<PathParams>;
  coefficients(t: number): PathCoefficients;
}

function finiteOr(v: number | undefined, def: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : def;
}

/** The catalogue facts a built path carries. */
function family(name: PathName): { name: PathName; label: string; sided: 'one' | 'two' } {
  return { name, label: PATH_FAMILIES[name].label, sided: PATH_FAMILIES[name].sided };
}

/**
 * A path whose noise width is `width`, whichever parameter that is for the family (σ_min for OT
 * and VE, σ for I-CFM and SB; VP, rectified and trigonometric have none and ignore it): what one
 * width control in a widget sets.
 */
export function pathWithWidth(name: PathName, width: number): ConditionalPath {
  return getPath(name, { sigma: width, sigmaMin: width });
}

/** t clamped to the path's time domain (VP, for one, is not defined at t = 1 exactly). */
export function clampToDomain(path: ConditionalPath, t: number): number {
  return Math.min(path.tMax, Math.max(path.tMin, t));
}

/** Builds a conditional path of the given family. Parameters are clamped to sane ranges. */
export function getPath(name: PathName, params: PathParams = {}): ConditionalPath {
  const sigma = Math.max(0, finiteOr(params.sigma, 0.1));
  const otSigmaMin = Math.min(1, Math.max(0, finiteOr(params.sigmaMin, finiteOr(params.sigma, 0.01))));
  const veSigmaMin = Math.max(1e-4, finiteOr(params.sigmaMin, 0.01));
  const sigmaMax = Math.max(veSigmaMin * (1 + 1e-9), finiteOr(params.sigmaMax, 10));
  const betaMin = Math.max(0, finiteOr(params.betaMin, 0.1));
  const betaMax = Math.max(betaMin, finiteOr(params.betaMax, 20));
  const used = (sigmaMin: number): Required<PathParams> => ({ sigma, sigmaMin, sigmaMax, betaMin, betaMax });
  switch (name) {
    case 'ot': {
      const k = 1 - otSigmaMin;
      return {
        ...family(name),
        tMin: 0,
        tMax: otSigmaMin > 0 ? 1 : 1 - 1e-5,
        stochastic: false,
        params: used(otSigmaMin),
        coefficients: (t) => ({ a: t, b: 1 - k * t, c: 0, da: 1, db: -k, dc: 0 }),
      };
    }
    case 've': {
      const logRatio = Math.log(sigmaMax / veSigmaMin);
      return {
        ...family(name),
        tMin: 0,
        tMax: 1,
        stochastic: false,
        params: used(veSigmaMin),
        coefficients: (t) => {
          const b = veSigmaMin * Math.exp(logRatio * (1 - t));
          return { a: 1, b, c: 0, da: 0, db: -logRatio * b, dc: 0 };
        },
      };
    }
    case 'vp': {
      return {
        ...family(name),
        tMin: 0,
        tMax: 1 - 1e-5,
        stochastic: false,
        params: used(otSigmaMin),
        coefficients: (t) => {
          const s = 1 - t;
          const T = betaMin * s + 0.5 * (betaMax - betaMin) * s * s;
          const beta = betaMin + (betaMax - betaMin) * s;
          const a = Math.exp(-0.5 * T);
          const b2 = -Math.expm1(-T); // 1 − α², accurate for small T
          const b = Math.sqrt(b2);
          const da = 0.5 * beta * a; // d/dt α_{1−t} = −α'(s) = ½ β(s) α(s)
          const db = b > 0 ? (-a * da) / b : -Infinity;
          return { a, b, c: 0, da, db, dc: 0 };
        },
      };
    }
    case 'rectified':
      return {
        ...family(name),
        tMin: 0,
        tMax: 1,
        stochastic: false,
        params: used(otSigmaMin),
        coefficients: (t) => ({ a: t, b: 1 - t, c: 0, da: 1, db: -1, dc: 0 }),
      };
    case 'icfm':
      return {
        ...family(name),
        tMin: 0,
        tMax: 1,
        stochastic: sigma > 0,
        params: used(otSigmaMin),
        coefficients: (t) => ({ a: t, b: 1 - t, c: sigma, da: 1, db: -1, dc: 0 }),
      };
    case 'sb':
      return {
        ...family(name),
        tMin: 0,
        tMax: 1,
        stochastic: sigma > 0,
        params: used(otSigmaMin),
        coefficients: (t) => {
          const v = t * (1 - t);
          const c = sigma * Math.sqrt(Math.max(0, v));
          // c' = σ (1 − 2t) / (2√(t(1−t))) is infinite at t ∈ {0, 1}; there it is evaluated at
          // t(1 − t) = 10⁻¹² (a finite stand-in for a set of measure zero).
          const dc = (sigma * (1 - 2 * t)) / (2 * Math.sqrt(Math.max(v, 1e-12)));
          return { a: t, b: 1 - t, c, da: 1, db: -1, dc };
        },
      };
    case 'trig':
      return {
        ...family(name),
        tMin: 0,
        tMax: 1,
        stochastic: false,
        params: used(otSigmaMin),
        coefficients: (t) => {
          // cos(πt/2) is written as sin(π(1 − t)/2), which is exactly 0 at t = 1 (Math.cos(π/2) is
          // 6·10⁻¹⁷), so the endpoint is as degenerate as the rectified path's and no larger.
          const a = Math.sin((Math.PI / 2) * t);
          const b = Math.sin((Math.PI / 2) * (1 - t));
          return { a, b, c: 0, da: (Math.PI / 2) * b, db: -(Math.PI / 2) * a, dc: 0 };
        },
      };
    default:
      throw new Error(`unknown path "${String(name)}"`);
  }
}

// #region sample-path-batch
/**
 * One CFM training batch: given paired x₀, x₁ (n × d) and times t (length n), draws ε ~ 𝒩(0, I)
 * (only for stochastic paths) and returns x_t = a x₁ + b x₀ + c ε and the regression target
 * u_t = a' x₁ + b' x₀ + c' ε, which equals the conditional velocity u_t(x_t | z).
 * For one-sided paths x₀ must be the 𝒩(0, I) noise.
 */
export function samplePathBatch(
  path: ConditionalPath,
  x0: ArrayLike<number>,
  x1: ArrayLike<number>,
  t: ArrayLike<number>,
  d: number,
  rng: Rng,
): { xt: Float64Array; ut: Float64Array } {
  const n = t.length;
  const xt = new Float64Array(n * d);
  const ut = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const { a, b, c, da, db, dc } = path.coefficients(t[i]);
    for (let k = 0; k < d; k++) {
      const j = i * d + k;
      const e = path.stochastic ? rng.normal() : 0;
      xt[j] = a * x1[j] + b * x0[j] + c * e;
      ut[j] = da * x1[j] + db * x0[j] + dc * e;
    }
  }
  return { xt, ut };
}
// #endregion sample-path-batch

/**
 * The conditional velocity u_t(x | z) at n points x (n × d) at one time t, for the pairs
 * z = (x0ᵢ, x1ᵢ). One-sided: u_t(x | x₁) = a' x₁ + (b'/b)(x − a x₁) (x0 is ignored). Two-sided:
 * a' x₁ + b' x₀ + (c'/c)(x − a x₁ − b x₀), and a' x₁ + b' x₀ when c = 0 (then x is on the line).
 */
export function conditionalVelocity(
  path: ConditionalPath,
  x: ArrayLike<number>,
  n: number,
  t: number,
  x0: ArrayLike<number>,
  x1: ArrayLike<number>,
  d: number,
): Float64Array {
  const { a, b, c, da, db, dc } = path.coefficients(t);
  const out = new Float64Array(n * d);
  if (path.sided === 'one') {
    const r = db / b;
    for (let j = 0; j < n * d; j++) out[j] = da * x1[j] + r * (x[j] - a * x1[j]);
  } else if (c > 0) {
    const r = dc / c;
    for (let j = 0; j < n * d; j++) out[j] = da * x1[j] + db * x0[j] + r * (x[j] - a * x1[j] - b * x0[j]);
  } else {
    for (let j = 0; j < n * d; j++) out[j] = da * x1[j] + db * x0[j];
  }
  return out;
}

/**
 * Mean scale and standard deviation of p_t(x | x₁) when x₀ ~ 𝒩(0, I) is integrated out:
 * x_t | x₁ ~ 𝒩(a x₁, s² I) with s² = b² + c² (for one-sided paths c = 0 and s = σ_t), and
 * s s' = b b' + c c'. Used by the closed form and the target-conditional flow.
 */
export function gaussianSourceMoments(path: ConditionalPath, t: number): { a: number; da: number; s2: number; ss: number } {
  const { a, b, c, da, db, dc } = path.coefficients(t);
  return { a, da, s2: b * b + c * c, ss: b * db + c * dc };
}

/**
 * u_t(x | x₁) for a Gaussian source (x₀ integrated out): a' x₁ + (s s'/s²)(x − a x₁), at one point x
 * (length d) for one target x₁ (length d).
 */
export function targetConditionalVelocity(
  path: ConditionalPath,
  x: ArrayLike<number>,
  t: number,
  x1: ArrayLike<number>,
  d: number,
): Float64Array {
  const { a, da, s2, ss } = gaussianSourceMoments(path, t);
  const r = ss / Math.max(s2, 1e-300);
  const out = new Float64Array(d);
  for (let k = 0; k < d; k++) out[k] = da * x1[k] + r * (x[k] - a * x1[k]);
  return out;
}

/**
 * The conditional flow of target x₁ (Gaussian source) that passes through x at time t, evaluated
 * at time s: ψ_s(ψ_t⁻¹(x)) = a(s) x₁ + (σ_s/σ_t)(x − a(t) x₁), with σ = √(b² + c²).
 */
export function targetConditionalFlow(
  path: ConditionalPath,
  x: ArrayLike<number>,
  t: number,
  s: number,
  x1: ArrayLike<number>,
  d: number,
): Float64Array {
  const mt = gaussianSourceMoments(path, t);
  const ms = gaussianSourceMoments(path, s);
  const ratio = Math.sqrt(ms.s2) / Math.max(Math.sqrt(mt.s2), 1e-300);
  const out = new Float64Array(d);
  for (let k = 0; k < d; k++) out[k] = ms.a * x1[k] + ratio * (x[k] - mt.a * x1[k]);
  return out;
}
