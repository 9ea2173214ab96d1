/**
 * ODE solvers: observed orders of convergence on a linear ODE with a known solution, Dopri5's
 * tolerance control, backward integration, NFE counts and trajectories.
 */
import { describe, expect, it } from 'vitest';
import { integrate, integrateAsync, type OdeMethod, type VelocityFn } from '../../../src/lib/core/index.ts';

// x' = A(t) x with A = [[−½, −ω(t)], [ω(t), −½]], ω(t) = 2 + t (rotation with time-dependent speed
// and decay): x(t) = e^{−t/2} R(θ(t)) x(0), θ(t) = 2t + t²/2. Non-autonomous, so the time nodes of
// each method are exercised. Applied to a batch of 3 points.
const f: VelocityFn = (x, t, out) => {
  const w = 2 + t;
  for (let i = 0; i < x.length; i += 2) {
    out[i] = -0.5 * x[i] - w * x[i + 1];
    out[i + 1] = w * x[i] - 0.5 * x[i + 1];
  }
};
const x0 = Float64Array.of(1, 0, 0.3, -0.7, -2, 1.5);
function exact(t: number, from = 0, start = x0): Float64Array {
  const th = 2 * t + (t * t) / 2 - (2 * from + (from * from) / 2);
  const s = Math.exp(-0.5 * (t - from)),
    c = Math.cos(th),
    n = Math.sin(th);
  const out = new Float64Array(start.length);
  for (let i = 0; i < start.length; i += 2) {
    out[i] = s * (c * start[i] - n * start[i + 1]);
    out[i + 1] = s * (n * start[i] + c * start[i + 1]);
  }
  return out;
}
const maxErr = (a: Float64Array, b: Float64Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

describe('ODE solvers', () => {
  const cases: [OdeMethod, number, number[]][] = [
    ['euler', 1, [200, 400, 800]],
    ['midpoint', 2, [50, 100, 200]],
    ['heun', 2, [50, 100, 200]],
    ['rk4', 4, [20, 40, 80]],
    ['dopri5', 5, [20, 40, 80]],
  ];
  for (const [method, order, stepsList] of cases) {
    it(`${method}: observed order of convergence ≈ ${order}`, () => {
      const ref = exact(1.5);
      const errs = stepsList.map((steps) => maxErr(integrate(f, x0, { method, steps, t0: 0, t1: 1.5, adaptive: false }).x, ref));
      for (let i = 0; i + 1 < errs.length; i++) {
        const observed = Math.log2(errs[i] / errs[i + 1]);
        expect(Math.abs(observed - order), `${method} ${errs.join(', ')}`).toBeLessThan(0.25);
      }
    });
  }

  it('NFE per step: 1, 2, 2, 4 (and 6 + 1 for fixed-step Dopri5 with FSAL)', () => {
    const nfe = (method: OdeMethod) => integrate(f, x0, { method, steps: 10, adaptive: false }).nfe;
    expect([nfe('euler'), nfe('midpoint'), nfe('heun'), nfe('rk4'), nfe('dopri5')]).toEqual([10, 20, 20, 40, 61]);
  });

  it('Dopri5 meets its tolerance, and the error and NFE scale with it', () => {
    const ref = exact(3);
    let prevErr = Infinity,
      prevNfe = 0;
    for (const tol of [1e-4, 1e-6, 1e-8, 1e-10]) {
      const res = integrate(f, x0, { method: 'dopri5', t0: 0, t1: 3, rtol: tol, atol: tol });
      const err = maxErr(res.x, ref);
      // Local error control bounds the global error by a modest multiple of the tolerance.
      expect(err, `tol ${tol}`).toBeLessThan(20 * tol * 3);
      expect(err).toBeLessThan(prevErr);
      expect(res.nfe).toBeGreaterThan(prevNfe);
      prevErr = err;
      prevNfe = res.nfe;
    }
  });

  it('Dopri5 adapts: a stiff-ish fast transient gets small steps, then large ones; rejected steps are counted', () => {
    const g: VelocityFn = (x, t, out) => {
      for (let i = 0; i < x.length; i++) out[i] = -50 * (x[i] - Math.cos(t));
    };
    const res = integrate(g, Float64Array.of(5), { method: 'dopri5', t0: 0, t1: 2, rtol: 1e-6, atol: 1e-9, trajectory: true });
    const ts = res.times!;
    expect(ts[1] - ts[0]).toBeLessThan(0.05);
    expect(res.steps).toBe(ts.length - 1);
    expect(res.nfe).toBeGreaterThanOrEqual(6 * (res.steps + (res.rejected ?? 0)));
    // Exact solution of x' = −50(x − cos t): particular + transient.
    const k = 50,
      t = 2;
    const part = (k * k * Math.cos(t) + k * Math.sin(t)) / (k * k + 1);
    const x = part + (5 - (k * k) / (k * k + 1)) * Math.exp(-k * t);
    expect(Math.abs(res.x[0] - x)).toBeLessThan(1e-5);
  });

  for (const method of ['euler', 'midpoint', 'heun', 'rk4', 'dopri5'] as OdeMethod[]) {
    it(`${method}: integrates backward in time (t1 < t0) and returns to the start`, () => {
      const opts = { method, steps: 400, rtol: 1e-10, atol: 1e-12 };
      const fwd = integrate(f, x0, { ...opts, t0: 0.2, t1: 1.1 });
      const tol = method === 'euler' ? 0.02 : method === 'midpoint' || method === 'heun' ? 1e-4 : 1e-7;
      expect(maxErr(fwd.x, exact(1.1, 0.2))).toBeLessThan(tol);
      const back = integrate(f, fwd.x, { ...opts, t0: 1.1, t1: 0.2 });
      expect(maxErr(back.x, x0)).toBeLessThan(method === 'euler' ? 0.05 : 2 * tol);
    });
  }

  it('trajectories: steps + 1 snapshots from t0 to t1 (copies), last equals the result', () => {
    const res = integrate(f, x0, { method: 'rk4', steps: 8, t0: 1, t1: 0, trajectory: true });
    expect(res.times!.length).toBe(9);
    expect(res.trajectory!.length).toBe(9);
    expect(res.times![0]).toBe(1);
    expect(res.times![8]).toBe(0);
    expect(Array.from(res.trajectory![0])).toEqual(Array.from(x0));
    expect(Array.from(res.trajectory![8])).toEqual(Array.from(res.x));
    expect(res.trajectory![3]).not.toBe(res.trajectory![4]);
  });

  it('does not modify its input', () => {
    const copy = x0.slice();
    integrate(f, x0, { method: 'dopri5' });
    expect(Array.from(x0)).toEqual(Array.from(copy));
  });
});

describe('integrateAsync', () => {
  // A rotation with drift, evaluated after a macrotask (as a GPU read-back would be).
  const f: VelocityFn = (x, t, out) => {
    for (let i = 0; i < x.length; i += 2) {
      out[i] = -x[i + 1] + t;
      out[i + 1] = x[i] * (1 - t);
    }
  };
  const later = (x: Float64Array, t: number, out: Float64Array) =>
    new Promise<void>((resolve) =>
      setTimeout(() => {
        f(x, t, out);
        resolve();
      }, 0),
    );
  const x0 = Float64Array.from([1, 0, 0.5, -2, 3, 1]);

  it('takes the same steps as integrate and gives bit-identical results, for every method', async () => {
    for (const method of ['euler', 'midpoint', 'heun', 'rk4', 'dopri5'] as OdeMethod[]) {
      for (const [t0, t1] of [
        [0, 1],
        [1, 0.2],
      ]) {
        const opts = { method, steps: 7, t0, t1, trajectory: true, rtol: 1e-7, atol: 1e-9 };
        const sync = integrate(f, x0, opts);
        const async = await integrateAsync(later, x0, opts);
        expect(Array.from(async.x), `${method} ${t0}→${t1}`).toEqual(Array.from(sync.x));
        expect(async.nfe).toBe(sync.nfe);
        expect(async.steps).toBe(sync.steps);
        expect(async.times).toEqual(sync.times);
        expect(async.trajectory!.map((s) => Array.from(s))).toEqual(sync.trajectory!.map((s) => Array.from(s)));
      }
    }
  });

  it('yields to the event loop while an evaluation is pending', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    await integrateAsync(later, x0, { method: 'rk4', steps: 20 });
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(10);
  });

  it('propagates a failing evaluation as a rejection', async () => {
    const broken = () => Promise.reject(new Error('device lost'));
    await expect(integrateAsync(broken, x0, { method: 'heun', steps: 3 })).rejects.toThrow('device lost');
  });
});
