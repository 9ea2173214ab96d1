/**
 * Conditional paths: exact derivatives, boundary conditions, the conditional velocity generates the
 * path (mean and variance ODEs; pushed samples land on the path), and the training targets.
 */
import { describe, expect, it } from 'vitest';
import {
  PATH_NAMES,
  Rng,
  conditionalVelocity,
  getPath,
  integrate,
  marginalVelocity,
  samplePathBatch,
  targetConditionalFlow,
  targetConditionalVelocity,
  type ConditionalPath,
  type PathName,
  PATH_FAMILIES,
  widthInertReason,
} from '../../../src/lib/core/index.ts';

const paths: ConditionalPath[] = PATH_NAMES.map((name) => getPath(name, { sigma: 0.3, sigmaMin: 0.05 }));

/** Interior times of a path's domain. */
function times(p: ConditionalPath, k = 17): number[] {
  return Array.from({ length: k }, (_, i) => p.tMin + ((p.tMax - p.tMin) * (i + 0.5)) / k);
}

/** Mean and std of x_t | z for z = (x0, x1) (two-sided) or z = x1 (one-sided). */
function meanStd(p: ConditionalPath, t: number, x0: number, x1: number): [number, number] {
  const { a, b, c } = p.coefficients(t);
  return p.sided === 'one' ? [a * x1, b] : [a * x1 + b * x0, c];
}

describe('conditional paths', () => {
  for (const p of paths) {
    it(`${p.name}: a', b', c' are the exact time derivatives (central differences, 1e-6 relative)`, () => {
      for (const t of times(p)) {
        const h = 1e-5;
        const up = p.coefficients(t + h),
          dn = p.coefficients(t - h),
          c = p.coefficients(t);
        for (const [k, dk] of [
          ['a', 'da'],
          ['b', 'db'],
          ['c', 'dc'],
        ] as const) {
          const fd = (up[k] - dn[k]) / (2 * h);
          expect(Math.abs(fd - c[dk])).toBeLessThan(1e-6 * Math.max(1, Math.abs(c[dk])));
        }
      }
    });

    it(`${p.name}: the conditional velocity generates the path (mean ODE m' = u(m), variance ODE (σ²)' = 2 (∂u/∂x) σ²)`, () => {
      const x0 = -0.8,
        x1 = 1.7;
      for (const t of times(p)) {
        const h = 1e-5;
        const [m, s] = meanStd(p, t, x0, x1);
        const [mUp, sUp] = meanStd(p, t + h, x0, x1);
        const [mDn, sDn] = meanStd(p, t - h, x0, x1);
        if (!(s > 0)) continue; // deterministic paths: checked by the flow test below
        const u = (x: number) => conditionalVelocity(p, Float64Array.of(x), 1, t, Float64Array.of(x0), Float64Array.of(x1), 1)[0];
        const slope = (u(m + 1) - u(m - 1)) / 2; // u is affine in x
        expect(Math.abs(u(m) - (mUp - mDn) / (2 * h))).toBeLessThan(1e-6 * Math.max(1, Math.abs(u(m))));
        const dVar = (sUp * sUp - sDn * sDn) / (2 * h);
        expect(Math.abs(2 * slope * s * s - dVar)).toBeLessThan(1e-6 * Math.max(1, Math.abs(dVar)));
      }
    });

    it(`${p.name}: samples pushed by the conditional flow (RK4 on u_t(x|z)) land on x_t(ε) at a later time`, () => {
      const rng = new Rng(3);
      const n = 64,
        d = 2;
      const x0 = rng.normals(n * d);
      const x1 = Float64Array.from({ length: n * d }, () => 2 + rng.normal());
      const tA = p.tMin + 0.15 * (p.tMax - p.tMin),
        tB = p.tMin + 0.85 * (p.tMax - p.tMin);
      const eps = rng.normals(n * d);
      const at = (t: number) => {
        const { a, b, c } = p.coefficients(t);
        return Float64Array.from({ length: n * d }, (_, j) => a * x1[j] + b * x0[j] + (p.sided === 'two' ? c * eps[j] : 0));
      };
      const f = (x: Float64Array, t: number, out: Float64Array) => out.set(conditionalVelocity(p, x, n, t, x0, x1, d));
      const pushed = integrate(f, at(tA), { method: 'rk4', steps: 400, t0: tA, t1: tB }).x;
      const target = at(tB);
      let err = 0;
      for (let j = 0; j < n * d; j++) err = Math.max(err, Math.abs(pushed[j] - target[j]));
      expect(err).toBeLessThan(1e-6);
    });

    it(`${p.name}: samplePathBatch returns x_t with the right law and u_t = u_t(x_t | z)`, () => {
      const rng = new Rng(4);
      const n = 20_000;
      const x0 = rng.normals(n),
        x1 = new Float64Array(n).fill(1.5),
        t = new Float64Array(n).fill(0.5 * (p.tMin + p.tMax));
      const { xt, ut } = samplePathBatch(p, x0, x1, t, 1, rng);
      const u = conditionalVelocity(p, xt, n, t[0], x0, x1, 1);
      for (let i = 0; i < 200; i++) expect(Math.abs(ut[i] - u[i])).toBeLessThan(1e-9 * Math.max(1, Math.abs(u[i])));
      // With x₀ ~ 𝒩(0, 1) integrated out: x_t ~ 𝒩(a x₁, b² + c²).
      const { a, b, c } = p.coefficients(t[0]);
      let s = 0,
        s2 = 0;
      for (let i = 0; i < n; i++) {
        s += xt[i];
        s2 += xt[i] ** 2;
      }
      const mean = s / n,
        v = s2 / n - mean * mean,
        vTrue = b * b + c * c;
      expect(Math.abs(mean - a * 1.5)).toBeLessThan(5 * Math.sqrt(vTrue / n));
      expect(Math.abs(v - vTrue)).toBeLessThan(5 * vTrue * Math.sqrt(2 / n));
    });

    it(`${p.name}: target-conditional flow and velocity agree (d/ds ψ_s = u_s(ψ_s | x₁))`, () => {
      const x = Float64Array.of(0.3, -0.4),
        x1 = Float64Array.of(1.2, 0.8);
      const t = p.tMin + 0.4 * (p.tMax - p.tMin);
      for (const s of [0.2, 0.5, 0.7].map((q) => p.tMin + q * (p.tMax - p.tMin))) {
        const h = 1e-6;
        const y = targetConditionalFlow(p, x, t, s, x1, 2);
        const yu = targetConditionalFlow(p, x, t, s + h, x1, 2),
          yd = targetConditionalFlow(p, x, t, s - h, x1, 2);
        const u = targetConditionalVelocity(p, y, s, x1, 2);
        for (let k = 0; k < 2; k++) expect(Math.abs((yu[k] - yd[k]) / (2 * h) - u[k])).toBeLessThan(1e-5 * Math.max(1, Math.abs(u[k])));
      }
      const back = targetConditionalFlow(p, x, t, t, x1, 2);
      expect(Math.abs(back[0] - x[0]) + Math.abs(back[1] - x[1])).toBeLessThan(1e-12);
    });
  }

  it('boundary conditions: one-sided paths end at 𝒩(x₁, σ_min²) and start at the source; two-sided paths interpolate x₀ → x₁', () => {
    const otPath = getPath('ot', { sigmaMin: 0.05 });
    const ot = (t: number) => otPath.coefficients(t);
    expect(ot(0)).toMatchObject({ a: 0, b: 1 });
    expect(ot(1).a).toBe(1);
    expect(ot(1).b).toBeCloseTo(0.05, 14);
    const vePath = getPath('ve', { sigmaMin: 0.01, sigmaMax: 8 });
    const ve = (t: number) => vePath.coefficients(t);
    expect(ve(1).a).toBe(1);
    expect(ve(1).b).toBeCloseTo(0.01, 14);
    expect(ve(0).b).toBeCloseTo(8, 12);
    const vpPath = getPath('vp');
    const vp0 = vpPath.coefficients(0),
      vp1 = vpPath.coefficients(vpPath.tMax);
    expect(vp0.a).toBeCloseTo(Math.exp(-0.5 * (0.1 + 0.5 * 19.9)), 12); // α₁ = exp(−½ T(1)), T(1) = 10.05
    expect(vp0.a * vp0.a + vp0.b * vp0.b).toBeCloseTo(1, 12); // variance preserving
    expect(vp1.a).toBeGreaterThan(0.99999);
    expect(vp1.b).toBeLessThan(2e-3);
    expect(vpPath.tMax).toBeLessThan(1);
    for (const name of ['rectified', 'icfm', 'sb', 'trig'] as PathName[]) {
      const p = getPath(name, { sigma: 0.3 });
      const c0 = p.coefficients(0),
        c1 = p.coefficients(1);
      expect(c0.a).toBeCloseTo(0, 14);
      expect(c0.b).toBeCloseTo(1, 14);
      expect(c1.a).toBeCloseTo(1, 14);
      expect(c1.b).toBeCloseTo(0, 14);
      expect(c0.c).toBeCloseTo(name === 'icfm' ? 0.3 : 0, 14);
      expect(c1.c).toBeCloseTo(name === 'icfm' ? 0.3 : 0, 14);
    }
  });

  it('SB: c = σ√(t(1−t)) peaks at t = ½ with value σ/2; trig keeps a² + b² = 1', () => {
    const sb = getPath('sb', { sigma: 0.8 });
    expect(sb.coefficients(0.5).c).toBeCloseTo(0.4, 14);
    expect(sb.coefficients(0.5).dc).toBeCloseTo(0, 14);
    const trig = getPath('trig');
    for (const t of [0.1, 0.33, 0.9]) {
      const { a, b } = trig.coefficients(t);
      expect(a * a + b * b).toBeCloseTo(1, 14);
    }
  });

  it('trig endpoints are exact: b(1) = a′(1) = 0, so the closed-form field at t = 1 is finite (cos(π/2) in floats is 6·10⁻¹⁷, which made it 10⁷)', () => {
    const trig = getPath('trig');
    expect(trig.coefficients(1)).toMatchObject({ a: 1, b: 0, da: 0, db: -Math.PI / 2 });
    expect(trig.coefficients(0)).toMatchObject({ a: 0, b: 1, da: Math.PI / 2 });
    const targets = new Float64Array([1, 0, -1, 0.5]);
    const x = new Float64Array([0.9, 0.1, 0, 0]);
    for (const name of ['trig', 'rectified'] as PathName[]) {
      const v = marginalVelocity(getPath(name), x, 2, 1, targets, 2, 2);
      for (const vk of v) expect(Math.abs(vk), name).toBeLessThanOrEqual(Math.PI / 2 + 1e-12);
    }
  });

  it('OT path: u_t(x | x₁) = (x₁ − (1 − σ_min) x)/(1 − (1 − σ_min) t) (Lipman et al., eq. 21)', () => {
    const p = getPath('ot', { sigmaMin: 0.1 });
    const x = Float64Array.of(0.7),
      x1 = Float64Array.of(-1.1);
    for (const t of [0, 0.3, 0.9, 1]) {
      const u = conditionalVelocity(p, x, 1, t, Float64Array.of(0), x1, 1)[0];
      expect(u).toBeCloseTo((-1.1 - 0.9 * 0.7) / (1 - 0.9 * t), 12);
    }
  });

  it('bad parameters are clamped, not propagated', () => {
    const p = getPath('ve', { sigmaMin: 0, sigmaMax: -3 });
    for (const t of [0, 0.5, 1]) expect(Object.values(p.coefficients(t)).every(Number.isFinite)).toBe(true);
    const q = getPath('icfm', { sigma: Number.NaN });
    expect(q.coefficients(0.5).c).toBe(0.1);
  });
});

describe('widthInertReason', () => {
  it('is empty for the families with a width and names the family for the others', () => {
    for (const name of PATH_NAMES) {
      const reason = widthInertReason(name);
      if (PATH_FAMILIES[name].width === null) expect(reason).toBe(`${PATH_FAMILIES[name].label} has no width parameter.`);
      else expect(reason).toBe('');
    }
    expect(widthInertReason('vp')).not.toBe('');
    expect(widthInertReason('rectified')).not.toBe('');
    expect(widthInertReason('icfm')).toBe('');
  });
});
