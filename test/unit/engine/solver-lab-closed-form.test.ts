/**
 * The solver lab's closed-form engine (engine/solver-lab/closed-form-runner.ts), driven as its
 * worker drives it: the reference solve is the synchronous `integrate`'s, bit for bit; only the
 * latest job's run is posted; a new field or a cancel silences the older computation at its next
 * evaluation; a failing field is reported for its generation. Slices of 0 ms make the runner yield
 * at every evaluation, so commands get in between any two.
 */
import { describe, expect, it } from 'vitest';
import { integrate, ODE_METHOD_NAMES } from '../../../src/lib/core/index.ts';
import { referenceOptions, sweepJobs } from '../../../src/lib/core/solver-sweep.ts';
import { jobKey } from '../../../src/lib/engine/solver-lab/closed-form-client.ts';
import type { ClosedFormEvent } from '../../../src/lib/engine/solver-lab/closed-form-protocol.ts';
import { ClosedFormRunner, SWEEP_POST_MS, sweepInput } from '../../../src/lib/engine/solver-lab/closed-form-runner.ts';
import { budgetJob, type ClosedFormSpec } from '../../../src/lib/engine/solver-lab/setting.ts';

const spec: ClosedFormSpec = { target: 'moons', points: 4, path: 'icfm', sigma: 0.3, starts: 8, seed: 5 };
const euler8 = budgetJob('euler', 8, -3);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function start(sliceMs = 0) {
  const events: ClosedFormEvent[] = [];
  const times: number[] = [];
  const runner = new ClosedFormRunner({
    sliceMs,
    post: (ev) => {
      events.push(ev);
      times.push(performance.now());
    },
  });
  runner.handle({ type: 'init', gen: 1 });
  const finished = async (gen: number) => {
    const t0 = Date.now();
    while (!events.some((e) => (e.type === 'done' || e.type === 'error') && e.gen === gen)) {
      if (Date.now() - t0 > 60_000) throw new Error('timed out');
      await sleep(5);
    }
  };
  return { events, times, runner, finished };
}

describe('the closed-form engine', () => {
  it('announces itself without a backend, then posts reference, run, every sweep point and done', async () => {
    const { events, runner, finished } = start();
    runner.handle({ type: 'field', gen: 2, spec, job: euler8, jobKey: jobKey(euler8) });
    await finished(2);
    expect(events[0]).toEqual({ type: 'ready' });
    expect(events.slice(1, 3).map((e) => e.type)).toEqual(['reference', 'run']);
    const sweeps = events.filter((e): e is Extract<ClosedFormEvent, { type: 'sweep' }> => e.type === 'sweep');
    const last = sweeps.at(-1)!;
    expect(ODE_METHOD_NAMES.map((m) => last.curves[m]?.length)).toEqual(ODE_METHOD_NAMES.map((m) => sweepJobs(m).length));
    expect(last.growing).toBe(ODE_METHOD_NAMES.at(-1));
    expect(events.at(-1)!.type).toBe('done');
    // the reference is the synchronous solve's, bit for bit
    const input = sweepInput(spec);
    const sync = integrate(input.field, input.starts, referenceOptions(input.t0, input.t1, true));
    const ref = events[1] as Extract<ClosedFormEvent, { type: 'reference' }>;
    expect(ref.nfe).toBe(sync.nfe);
    const run = events[2] as Extract<ClosedFormEvent, { type: 'run' }>;
    expect(Array.from(run.view.refEnd)).toEqual(Array.from(Float32Array.from(sync.x)));
    expect(run.view.nfe).toBe(8);
    // with trajectories: every Euler step of the run, every accepted step of the reference
    expect([run.view.run.frames, run.view.run.keep]).toEqual([9, 8]);
    expect(run.view.reference.frames).toBe(sync.trajectory!.length);
    expect(run.view.reference.frames).toBeGreaterThan(9);
  });

  it('posts the growing sweep at most every SWEEP_POST_MS, and the complete one at the end', async () => {
    // A larger field: its sweep lasts long enough for several updates.
    const { events, times, runner, finished } = start(5);
    runner.handle({ type: 'field', gen: 2, spec: { ...spec, points: 16, starts: 64 }, job: euler8, jobKey: jobKey(euler8) });
    await finished(2);
    const at = events.flatMap((e, i) => (e.type === 'sweep' ? [i] : []));
    expect(at.length).toBeGreaterThan(2);
    // between two updates but the last: SWEEP_POST_MS at least; points only ever added
    for (let k = 1; k < at.length - 1; k++) expect(times[at[k]] - times[at[k - 1]]).toBeGreaterThanOrEqual(SWEEP_POST_MS);
    const count = (i: number) => {
      const e = events[i] as Extract<ClosedFormEvent, { type: 'sweep' }>;
      return Object.values(e.curves).reduce((n, c) => n + (c?.length ?? 0), 0);
    };
    for (let k = 1; k < at.length; k++) expect(count(at[k])).toBeGreaterThanOrEqual(count(at[k - 1]));
    expect(count(at[0])).toBe(1);
    expect(count(at.at(-1)!)).toBe(ODE_METHOD_NAMES.reduce((n, m) => n + sweepJobs(m).length, 0));
  });

  it('posts only the run of the latest job when jobs arrive while it solves', async () => {
    const { events, runner, finished } = start();
    runner.handle({ type: 'field', gen: 2, spec, job: euler8, jobKey: jobKey(euler8) });
    while (!events.some((e) => e.type === 'reference')) await sleep(1);
    const rk4 = budgetJob('rk4', 16, -3);
    const heun = budgetJob('heun', 32, -3);
    runner.handle({ type: 'job', gen: 2, job: rk4, jobKey: jobKey(rk4) });
    runner.handle({ type: 'job', gen: 2, job: heun, jobKey: jobKey(heun) });
    await finished(2);
    const runs = events.filter((e): e is Extract<ClosedFormEvent, { type: 'run' }> => e.type === 'run');
    expect(runs.at(-1)!.jobKey).toBe(jobKey(heun));
    expect(runs.at(-1)!.view.nfe).toBe(64);
    expect(runs.some((r) => r.jobKey === jobKey(rk4))).toBe(false);
    // a job for an older field is ignored
    runner.handle({ type: 'job', gen: 1, job: rk4, jobKey: jobKey(rk4) });
    await sleep(50);
    expect(events.filter((e) => e.type === 'run').length).toBe(runs.length);
  });

  it('goes quiet for a field replaced by a newer one, and after a cancel', async () => {
    const { events, runner, finished } = start();
    runner.handle({ type: 'field', gen: 2, spec, job: euler8, jobKey: jobKey(euler8) });
    while (!events.some((e) => e.type === 'sweep')) await sleep(1);
    runner.handle({ type: 'field', gen: 3, spec: { ...spec, seed: 6 }, job: euler8, jobKey: jobKey(euler8) });
    const at = events.length;
    await finished(3);
    expect(events.slice(at).every((e) => 'gen' in e && e.gen === 3)).toBe(true);
    expect(events.some((e) => e.type === 'done' && e.gen === 2)).toBe(false);

    runner.handle({ type: 'field', gen: 4, spec, job: euler8, jobKey: jobKey(euler8) });
    while (!events.some((e) => e.type === 'sweep' && e.gen === 4)) await sleep(1);
    runner.handle({ type: 'cancel' });
    const n = events.length;
    await sleep(200);
    expect(events.length).toBe(n);
  });

  it('reports a field it cannot compute, for that field', async () => {
    const { events, runner, finished } = start();
    runner.handle({
      type: 'field',
      gen: 2,
      spec: { ...spec, path: 'no-such-path' as ClosedFormSpec['path'] },
      job: euler8,
      jobKey: jobKey(euler8),
    });
    await finished(2);
    const err = events.find((e) => e.type === 'error');
    expect(err).toMatchObject({ type: 'error', gen: 2 });
  });
});
