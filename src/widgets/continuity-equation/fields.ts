/**
 * The velocity fields of the continuity-equation widget, all on ℝ and all starting from
 * p₀ = 𝒩(0, 1) (pure TypeScript, no DOM). Each field comes with the exact density p_t where one
 * exists, so the widget (and the unit tests) can compare three things: the particles, the
 * finite-volume solution of the continuity equation, and the closed form.
 *
 * - 'gaussian': the Gaussian path from 𝒩(0, 1) to 𝒩(m, s²) with μ_t = t m, σ_t = 1 − (1 − s) t,
 *   whose field is u_t(x) = (σ'_t/σ_t)(x − μ_t) + μ'_t (Chapter 3, the Gaussian-path field). This is the book
 *   core's OT conditional path with σ_min = s and target x₁ = m, so field and density come from
 *   `marginalVelocity` / `marginalLogDensity` with a single target (never retyped here).
 * - 'two-modes': the marginal path of the same OT conditional paths towards the two targets
 *   ±a (equal weights), with the closed-form marginal field of Theorem 1 from the core; its
 *   density is the Gaussian mixture ½ 𝒩(−t a, σ_t²) + ½ 𝒩(t a, σ_t²).
 * - 'translation': u_t(x) = c. The flow is ψ_t(x) = x + c t, so p_t(x) = φ(x − c t).
 * - 'compression': u_t(x) = −k x (k > 0 compresses, k < 0 expands). The flow is
 *   ψ_t(x) = e^{−k t} x, so p_t = 𝒩(0, e^{−2 k t}); along every trajectory log p_t changes at the
 *   rate −∂_x u = +k (the instantaneous change of variables d/dt log p_t(ψ_t(x)) = −∂_x u_t):
 *   compression (k > 0) raises the density, expansion lowers it.
 */
import { getPath, marginalLogDensity, marginalVelocity, type ConditionalPath, type VelocityFn } from '../../lib/core/index.ts';

export const FIELD_NAMES = ['gaussian', 'two-modes', 'translation', 'compression'] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

export const FIELD_LABELS: Record<FieldName, string> = {
  gaussian: 'Gaussian path to 𝒩(m, s²)',
  'two-modes': 'Two modes (closed-form field)',
  translation: 'Translation u = c',
  compression: 'Compression u = −k x',
};

export interface FieldParams {
  /** Target mean m ('gaussian'). */
  m: number;
  /** Target standard deviation s ∈ (0, 1] ('gaussian') and mode width ('two-modes'). */
  s: number;
  /** Half-distance a between the two modes ('two-modes'). */
  a: number;
  /** Speed c ('translation'). */
  c: number;
  /** Rate k ('compression'). */
  k: number;
}

export interface FieldSpec {
  name: FieldName;
  /** Batched velocity u_t(x) for 1D points. */
  velocity: VelocityFn;
  /** Exact density p_t(x) (this widget's fields all have one). */
  density: (x: number, t: number) => number;
  /** A plotting window that contains the mass of every p_t. */
  window: [number, number];
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** 𝒩(0, 1) density: the common source p₀. */
export function sourceDensity(x: number): number {
  return Math.exp(-0.5 * x * x - LOG_SQRT_2PI);
}

function closedForm(path: ConditionalPath, targets: Float64Array): Pick<FieldSpec, 'velocity' | 'density'> {
  const n = targets.length;
  const one = new Float64Array(1);
  return {
    velocity: (x, t, out) => {
      out.set(marginalVelocity(path, x, x.length, t, targets, n, 1));
    },
    density: (x, t) => {
      one[0] = x;
      return Math.exp(marginalLogDensity(path, one, 1, t, targets, n, 1)[0]);
    },
  };
}

/** Builds one of the widget's fields with its parameters (clamped to safe ranges). */
export function makeField(name: FieldName, params: FieldParams): FieldSpec {
  const s = Math.min(1, Math.max(0.05, params.s));
  switch (name) {
    case 'gaussian': {
      const m = Math.min(4, Math.max(-4, params.m));
      const cf = closedForm(getPath('ot', { sigmaMin: s }), Float64Array.of(m));
      return { name, ...cf, window: [Math.min(-4.5, m - 4.5 * s), Math.max(4.5, m + 4.5 * s)] };
    }
    case 'two-modes': {
      const a = Math.min(4, Math.max(0.25, params.a));
      const cf = closedForm(getPath('ot', { sigmaMin: s }), Float64Array.of(-a, a));
      return { name, ...cf, window: [Math.min(-4.5, -a - 4.5 * s), Math.max(4.5, a + 4.5 * s)] };
    }
    case 'translation': {
      const c = Math.min(3, Math.max(-3, params.c));
      return {
        name,
        velocity: (x, _t, out) => {
          out.fill(c);
        },
        density: (x, t) => sourceDensity(x - c * t),
        window: [Math.min(-4.5, -4.5 + c), Math.max(4.5, 4.5 + c)],
      };
    }
    case 'compression': {
      const k = Math.min(1.5, Math.max(-1.5, params.k));
      const spread = Math.max(1, Math.exp(-k));
      return {
        name,
        velocity: (x, _t, out) => {
          for (let i = 0; i < x.length; i++) out[i] = -k * x[i];
        },
        density: (x, t) => {
          const sd = Math.exp(-k * t);
          return sourceDensity(x / sd) / sd;
        },
        window: [-4.5 * spread, 4.5 * spread],
      };
    }
  }
}
