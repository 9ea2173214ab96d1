/**
 * Claims of chapter 9 about the solver lab's default view (figure "figure-solver-lab"): the numbers
 * are computed with the widget's own code path — its default settings (schema.ts), its closed-form
 * field (engine/solver-lab/setting.ts), its closed-form engine (closed-form-runner.ts) and its summary of
 * slopes and budgets (summary.ts, the core's solver-sweep.ts rules). Each `it` quotes its sentence.
 */
import { describe, expect, it } from 'vitest';
import { ODE_METHOD_NAMES, stepsForBudget, type OdeMethod } from '../../../src/lib/core/index.ts';
import { ERROR_FLOOR, REFERENCE_TOL, SWEEP_NFE, SWEEP_TOLERANCES, type SweepPoint } from '../../../src/lib/core/solver-sweep.ts';
import { defaultSettings } from '../../../src/lib/state/settings.ts';
import { budgetJob, type RunView } from '../../../src/lib/engine/solver-lab/setting.ts';
import { jobKey } from '../../../src/lib/engine/solver-lab/closed-form-client.ts';
import type { ClosedFormEvent } from '../../../src/lib/engine/solver-lab/closed-form-protocol.ts';
import { ClosedFormRunner, WORKER_SLICE_MS } from '../../../src/lib/engine/solver-lab/closed-form-runner.ts';
import { solverLabSchema } from '../../../src/widgets/solver-lab/schema.ts';
import { summarise } from '../../../src/widgets/solver-lab/summary.ts';

const v = defaultSettings(solverLabSchema);
const job = budgetJob(v.solver, stepsForBudget(v.nfe, v.solver === 'dopri5' ? 'euler' : v.solver), v.tol);
// The engine the widget's worker runs, fed the commands the widget sends for its default view.
const events: ClosedFormEvent[] = [];
await new Promise<void>((resolve) => {
  const runner = new ClosedFormRunner({
    sliceMs: WORKER_SLICE_MS,
    post: (ev) => {
      events.push(ev);
      if (ev.type === 'done' || ev.type === 'error') resolve();
    },
  });
  runner.handle({ type: 'init', gen: 1 });
  const spec = { target: v.target, points: v.points, path: v.path, sigma: v.sigma, starts: v.starts, seed: v.seed };
  runner.handle({ type: 'field', gen: 2, spec, job, jobKey: jobKey(job) });
});
type Of<T extends ClosedFormEvent['type']> = Extract<ClosedFormEvent, { type: T }>;
const reference = events.find((e): e is Of<'reference'> => e.type === 'reference')!;
const run: RunView = events.find((e): e is Of<'run'> => e.type === 'run')!.view;
const curves: Partial<Record<OdeMethod, SweepPoint[]>> = {};
for (const e of events) if (e.type === 'sweep') Object.assign(curves, e.curves);
const rows = summarise(curves, ERROR_FLOOR, [1e-2, 1e-4]);
const row = (m: OdeMethod) => rows.find((r) => r.method === m)!;

describe('the solver lab by default (chapter 9)', () => {
  it('"By default the lab shows the closed-form marginal field of the I-CFM path with σ = 0.3 for eight points of the two-moons data, the field of the measurements above, integrated from 64 Gaussian starting points"', () => {
    expect([v.field, v.path, v.sigma, v.points, v.target, v.starts]).toEqual(['closed-form', 'icfm', 0.3, 8, 'moons', 64]);
  });

  it('"Euler with a budget of 8 NFE misses the reference endpoints by 0.23 (RMS), and the reference, Dopri5 at tolerance 10⁻¹², costs 914 NFE"', () => {
    expect([v.solver, v.nfe, run.nfe]).toEqual(['euler', 8, 8]);
    expect(run.error.toFixed(2)).toBe('0.23');
    expect(REFERENCE_TOL).toBe(1e-12);
    expect(reference.nfe).toBe(914);
  });

  it('"The sweep runs the fixed-step solvers at budgets of 4 to 1024 NFE and adaptive Dopri5 at tolerances 10⁻² to 10⁻⁸, and the slopes fitted on each curve\'s last four points are −1.01 for Euler, −1.97 for midpoint, −1.98 for Heun and −3.96 for RK4"', () => {
    expect([SWEEP_NFE[0], SWEEP_NFE.at(-1)]).toEqual([4, 1024]);
    expect([SWEEP_TOLERANCES[0], SWEEP_TOLERANCES.at(-1)]).toEqual([1e-2, 1e-8]);
    expect(Object.keys(curves)).toEqual([...ODE_METHOD_NAMES]);
    expect(curves.dopri5!.map((p) => p.tol)).toEqual([...SWEEP_TOLERANCES]);
    expect(['euler', 'midpoint', 'heun', 'rk4'].map((m) => row(m as OdeMethod).slope!.toFixed(2))).toEqual([
      '-1.01',
      '-1.97',
      '-1.98',
      '-3.96',
    ]);
  });

  it('"To bring the RMS error down to 10⁻² the table reads about 133 NFE for Euler, 16 for midpoint, 19 for Heun and 14 for RK4"', () => {
    expect(['euler', 'midpoint', 'heun', 'rk4'].map((m) => Math.round(row(m as OdeMethod).budgets[0]!))).toEqual([133, 16, 19, 14]);
  });

  it('"for 10⁻⁴ it reads 181 for midpoint, 217 for Heun, 53 for RK4 and 63 for adaptive Dopri5, while Euler does not get there within 1024 NFE"', () => {
    expect(['midpoint', 'heun', 'rk4', 'dopri5'].map((m) => Math.round(row(m as OdeMethod).budgets[1]!))).toEqual([181, 217, 53, 63]);
    expect(row('euler').budgets[1]).toBeNull();
    expect(curves.euler!.at(-1)!.nfe).toBe(1024);
  });

  it('"W₂ equals the RMS error at every budget of 8 NFE or more (the optimal pairing of the two sets of endpoints is the identity); only midpoint at 4 NFE gets a W₂ about 1 % smaller"', () => {
    const all = Object.values(curves).flat();
    expect(all.length).toBeGreaterThan(40);
    for (const p of all) {
      expect(p.w2).toBeLessThanOrEqual(p.error * (1 + 1e-12));
      if (p.nfe >= 8) expect(Math.abs(p.w2 - p.error)).toBeLessThan(1e-12 * p.error);
    }
    const below = all.filter((p) => p.w2 < p.error * (1 - 1e-12));
    expect(below).toEqual([curves.midpoint![0]]);
    expect(curves.midpoint![0].nfe).toBe(4);
    expect(Math.round(100 * (1 - below[0].w2 / below[0].error))).toBe(1);
  });
});
