/**
 * ode.ts, beyond accuracy: the adaptive Dormand–Prince solver takes exactly SciPy's steps, and the
 * bookkeeping every caller relies on (times, copies, step caps) is exact.
 *
 * Golden file: test/fixtures/core/make_dopri_golden.py → dopri_golden.json, SciPy's RK45 (the same
 * 5(4) pair, the same initial-step algorithm of Hairer, Nørsett & Wanner II.4, the same RMS error
 * norm and growth factor) on five problems that take no rejected step: forward, from the origin
 * (‖x₀‖ ≈ 0 branch of the initial step), with f(x₀, t₀) = 0 (‖f‖ ≈ 0 branch), a zero field (no
 * derivative information at all: the first step is 10⁻⁶, then ×10 per step) and backward in time.
 * Accuracy tests (ode.test.ts) pass for any reasonable step-size rule; these pin the rule itself.
 * Times agree to 1e-9 (rounding in the error norm differs: SciPy sums K·E as a matrix product, and
 * the step factor e^(-1/5) carries it from step to step); a changed rule moves them by 1e-3 or more.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { integrate, type VelocityFn } from '../../../src/lib/core/ode.ts';

interface Golden {
  name: string;
  x0: number[];
  t0: number;
  t1: number;
  rtol: number;
  atol: number;
  times: number[];
  nfev: number;
  x1: number[];
}
const GOLDEN = (
  JSON.parse(readFileSync(new URL('../../fixtures/core/dopri_golden.json', import.meta.url), 'utf8')) as { problems: Golden[] }
).problems;

/** The fields of make_dopri_golden.py, written out again. */
const FIELDS: Record<string, (t: number, x: Float64Array) => [number, number]> = {
  'damped-cubic': (t, x) => [-x[1] + 0.3 * Math.sin(t), x[0] - 0.5 * x[1] ** 3],
  'from-the-origin': (t, x) => [Math.cos(t), 1 + x[0]],
  'still-at-start': (t, x) => [t, -t * x[0]],
  'zero-field': () => [0, 0],
  backward: (_t, x) => [x[1], -Math.sin(x[0])],
};
const field =
  (name: string): VelocityFn =>
  (x, t, out) => {
    const [a, b] = FIELDS[name](t, x);
    out[0] = a;
    out[1] = b;
  };

describe('dopri5 against SciPy RK45 (golden file)', () => {
  it('has all five problems', () => expect(GOLDEN.map((g) => g.name)).toEqual(Object.keys(FIELDS)));

  for (const g of GOLDEN) {
    it(`${g.name}: the same accepted times, evaluations and end state`, () => {
      const r = integrate(field(g.name), g.x0, { method: 'dopri5', t0: g.t0, t1: g.t1, rtol: g.rtol, atol: g.atol, trajectory: true });
      expect(r.rejected).toBe(0);
      expect(r.steps).toBe(g.times.length - 1);
      expect(r.nfe).toBe(g.nfev);
      expect(r.times!.length).toBe(g.times.length);
      r.times!.forEach((t, k) => expect(Math.abs(t - g.times[k]), `time ${k}`).toBeLessThan(1e-9 * Math.max(1, Math.abs(t))));
      expect(r.times![0]).toBe(g.t0);
      expect(r.times!.at(-1)).toBe(g.t1);
      r.x.forEach((v, i) => expect(Math.abs(v - g.x1[i])).toBeLessThan(1e-10));
    });
  }
});

describe('dopri5 bookkeeping', () => {
  const g = GOLDEN[0];
  const run = (extra: object) =>
    integrate(field(g.name), g.x0, { method: 'dopri5', t0: g.t0, t1: g.t1, rtol: g.rtol, atol: g.atol, ...extra });

  it('records copies: the first frame is x₀, each frame is the state at its time, none aliases the result', () => {
    const r = run({ trajectory: true });
    expect(Array.from(r.trajectory![0])).toEqual(g.x0);
    const n = r.trajectory!.length;
    expect(new Set(r.trajectory).size).toBe(n);
    expect(Array.from(r.trajectory![n - 1])).toEqual(Array.from(r.x));
    // each frame is where a run stopped at that frame's time would be (same steps up to there)
    const mid = run({ t1: r.times![3], h0: undefined, trajectory: true });
    expect(Array.from(r.trajectory![1])).toEqual(Array.from(mid.trajectory![1]));
    r.x[0] += 1;
    expect(r.trajectory![n - 1][0]).not.toBe(r.x[0]);
  });

  it('stops with an error once maxSteps attempts are spent, and not before', () => {
    expect(() => run({ maxSteps: g.times.length - 2 })).toThrow(/too many steps/);
    expect(run({ maxSteps: g.times.length - 1 }).steps).toBe(g.times.length - 1);
  });

  it('with adaptive: false takes `steps` equal steps, 6 evaluations each after the first, ending exactly at t1', () => {
    const r = run({ adaptive: false, steps: 4, t0: 0, t1: 0.9, trajectory: true });
    expect(r.steps).toBe(4);
    expect(r.nfe).toBe(1 + 6 * 4);
    expect(r.times).toEqual([0, 0.225, 0.45, 0.675, 0.9].map((t, k) => (k === 4 ? 0.9 : (k * 0.9) / 4)));
  });
});

describe('fixed-step methods: times and copies', () => {
  const f: VelocityFn = (x, t, out) => {
    out[0] = -x[0] + t;
  };
  for (const method of ['euler', 'midpoint', 'heun', 'rk4'] as const) {
    it(`${method}: the last time is t1 itself (not t0 + n·h), frames are copies`, () => {
      // 0 + 3 · (0.9 / 3) = 0.8999999999999999 in floating point
      const r = integrate(f, [1], { method, steps: 3, t0: 0, t1: 0.9, trajectory: true });
      expect(r.times).toEqual([0, 0.3, 0.6, 0.9].map((t, k) => (k === 3 ? 0.9 : (k * 0.9) / 3)));
      expect(r.times!.at(-1)).toBe(0.9);
      expect(r.trajectory![0][0]).toBe(1);
      r.x[0] = 42;
      expect(r.trajectory!.at(-1)![0]).not.toBe(42);
    });
  }
});
