/**
 * The reproduction runner (src/lib/engine/reproductions/), in Node on TF.js wasm: the protocols
 * expand to the published table's cells; a run is a deterministic function of its spec (the same
 * seed gives the same W₂, bit for bit; another seed does not); the command loop the widget's worker
 * runs gives exactly the numbers `npm run experiment` gets from runOne; the TF-free evaluation sets
 * are the ones the session draws; summaries, CSV, ETA and the protocol estimate compute what they say.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { w2Exact } from '../../../src/lib/core/index.ts';
import { activateAndCheck } from '../../../src/lib/nn/backend.ts';
import { tf } from '../../../src/lib/nn/tf.ts';
import { evalSetsForRun, planRuns, trainSettingsFor, w2Floor, type RunSpec } from '../../../src/lib/engine/reproductions/protocols.ts';
import { runOne, sessionFor } from '../../../src/lib/engine/reproductions/run-one.ts';
import { ReproRunner } from '../../../src/lib/engine/reproductions/runner.ts';
import type { ReproEvent } from '../../../src/lib/engine/reproductions/protocol.ts';
import { estimateProtocolMs, protocolProgress, summarise, toCsv, type RunResult } from '../../../src/lib/engine/reproductions/results.ts';
import { EtaModel } from '../../../src/lib/engine/reproductions/eta.ts';
import { cleanSettings } from '../../../src/lib/engine/train/settings.ts';

const tiny = (over: Partial<RunSpec> = {}): RunSpec => ({
  row: 'n-moons',
  method: 'i-cfm',
  seed: 3,
  steps: 30,
  batch: 64,
  evalPoints: 60,
  eulerSteps: 20,
  ...over,
});

beforeAll(async () => {
  expect(await activateAndCheck('wasm')).toBe(true);
});

describe('protocols', () => {
  it('expand to the 19 cells of the table (no FM from the moons) and 5 seeds for the full protocol', () => {
    const quick = planRuns('quick');
    expect(quick).toHaveLength(19);
    expect(quick.some((r) => r.method === 'fm' && r.row === 'moons-8gaussians')).toBe(false);
    expect(planRuns('full')).toHaveLength(95);
    expect(planRuns('quick', { rows: ['n-moons'], methods: ['rf', 'fm'], steps: 5 }).map((r) => [r.method, r.steps])).toEqual([
      ['fm', 5],
      ['rf', 5],
    ]);
  });

  it('map every run to valid trainer settings with the published network', () => {
    for (const run of planRuns('full', { seeds: [42] })) {
      const s = trainSettingsFor(run);
      expect(cleanSettings(s).problems, `${run.row} ${run.method}`).toEqual([]);
      expect([s.width, s.depth, s.activation, s.optimizer, s.lr, s.weightDecay, s.batch]).toEqual([
        64,
        3,
        'selu',
        'adamw',
        1e-3,
        1e-5,
        512,
      ]);
    }
    expect(trainSettingsFor(tiny({ method: 'sb-cfm' }))).toMatchObject({ coupling: 'sinkhorn', path: 'sb', sigma: 1 });
    expect(trainSettingsFor(tiny({ method: 'fm' }))).toMatchObject({ coupling: 'independent', path: 'ot', sigma: 0.1 });
  });

  it('draw the same evaluation sets TF-free as the session does', () => {
    const run = tiny();
    const session = sessionFor(run);
    try {
      const a = evalSetsForRun(run);
      expect(a.test.length).toBe(120);
      expect(w2Floor(a)).toBeCloseTo(w2Exact(a.test, a.test2, 60, 2), 12);
      expect(w2Floor(a)).toBeGreaterThan(0);
    } finally {
      session.dispose();
    }
  });
});

describe('runOne', () => {
  it('is deterministic in its seed, leaks no tensors, and scores W₂ against the floor of its own test sets', async () => {
    const before = tf.memory().numTensors;
    const a = (await runOne(tiny()))!;
    const b = (await runOne(tiny()))!;
    const c = (await runOne(tiny({ seed: 4 })))!;
    expect(tf.memory().numTensors).toBe(before);
    expect(a.w2).toBe(b.w2);
    expect(a.finalLoss).toBe(b.finalLoss);
    expect(c.w2).not.toBe(a.w2);
    expect(a.stepsRun).toBe(30);
    expect(a.w2Floor).toBeCloseTo(w2Floor(evalSetsForRun(tiny())), 12);
    expect(Number.isFinite(a.npe)).toBe(true);
    expect(a.backend).toBe('wasm');
  });

  it('trains: the moons get closer with more steps', async () => {
    const few = (await runOne(tiny({ steps: 2, batch: 128, evalPoints: 150 })))!;
    const more = (await runOne(tiny({ steps: 300, batch: 128, evalPoints: 150 })))!;
    expect(more.w2).toBeLessThan(few.w2 * 0.7);
  });

  it('couples SB-CFM with Sinkhorn (time spent in the coupling), I-CFM with none', async () => {
    const sb = (await runOne(tiny({ method: 'sb-cfm', steps: 5 })))!;
    const i = (await runOne(tiny({ steps: 5 })))!;
    expect(sb.couplingMsPerStep).toBeGreaterThan(0);
    expect(i.couplingMsPerStep).toBeLessThan(sb.couplingMsPerStep / 10);
  });
});

describe('the command loop (what the widget runs in its worker)', () => {
  it('posts ready, progress with an ETA, one result per run identical to runOne, then done', async () => {
    const runs = [tiny(), tiny({ method: 'rf' })];
    const events: ReproEvent[] = [];
    const done = new Promise<void>((resolve) => {
      const runner = new ReproRunner({
        where: 'main-thread',
        post: (ev) => {
          events.push(ev);
          if (ev.type === 'done' || ev.type === 'error') resolve();
        },
      });
      runner.handle({ type: 'init', gen: 1, runs, force: 'wasm' });
      runner.handle({ type: 'start', gen: 1 });
    });
    await done;
    expect(events[0].type).toBe('ready');
    const results = events.filter((e) => e.type === 'result');
    expect(results.map((e) => e.index)).toEqual([0, 1]);
    const progress = events.filter((e) => e.type === 'progress');
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.every((p) => p.etaTotalMs >= p.etaRunMs && p.etaRunMs >= 0)).toBe(true);
    expect(events.at(-1)!.type).toBe('done');
    const direct = (await runOne(runs[1]))!;
    expect(results[1].result.w2).toBe(direct.w2);
  });
});

describe('summaries, CSV, ETA, estimates', () => {
  const fake = (seed: number, w2: number): RunResult => ({
    ...tiny({ seed }),
    w2,
    w2Floor: 0.1,
    npe: 0.5,
    finalLoss: 1,
    stepsRun: 30,
    trainMs: 300,
    evalMs: 10,
    couplingMsPerStep: 4,
    networkMsPerStep: 5,
    backend: 'wasm',
    diverged: null,
  });

  it('summarises seeds as mean ± sample standard deviation, next to the published cell', () => {
    const [cell] = summarise([fake(1, 0.2), fake(2, 0.4), fake(3, 0.6)]);
    expect(cell.w2Mean).toBeCloseTo(0.4, 12);
    expect(cell.w2Std).toBeCloseTo(0.2, 12);
    expect(cell.seeds).toBe(3);
    expect(cell.published).toEqual({ mean: 0.178, std: 0.014, source: 'sf2m-table2' });
    expect(summarise([fake(1, 0.3)])[0].w2Std).toBe(0);
  });

  it('writes one CSV line per run with the published cell', () => {
    const lines = toCsv([fake(1, 0.25)])
      .trim()
      .split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('n-moons,i-cfm,1,30,64,60,0.25,0.1,0.5,1,300,10,wasm,0.178,0.014');
  });

  it('estimates the remaining time by method', () => {
    const eta = new EtaModel();
    const runs = [tiny(), tiny({ method: 'ot-cfm' }), tiny()];
    // Run 0 at 10 steps/s with 10 of 30 steps done: 2 s left; run 1 unmeasured (mean of none: current rate); run 2 at the same rate.
    expect(eta.remaining(runs, 0, 10, 10)).toEqual({ runMs: 2000, totalMs: 2000 + 3000 + 3000 });
    eta.record({ method: 'ot-cfm' }, 900, 30);
    expect(eta.remaining(runs, 0, 10, 10).totalMs).toBe(2000 + 900 + 3000);
  });

  it('scales a measured run to the full protocol: network × batch ratio, assignment × ratio^2.5', () => {
    const m = {
      ...fake(1, 0.2),
      batch: 256,
      stepsRun: 100,
      trainMs: 900,
      networkMsPerStep: 5,
      couplingMsPerStep: 4,
      evalMs: 0,
      evalPoints: 500,
    };
    const ot = { ...m, method: 'ot-cfm' as const };
    const perStep = 5 * 2 + 4 * 2 ** 2.5; // the rest of a step (0) scales linearly
    // n-moons OT-CFM in the full protocol: 5 seeds × 20 000 steps.
    expect(estimateProtocolMs([ot], 'full')).toBeCloseTo(5 * 20_000 * perStep, 6);
  });
});

describe('protocolProgress', () => {
  const plan = planRuns('full');
  it('counts planned runs done and the seeds whose every run is done', () => {
    expect(protocolProgress('full', [])).toEqual({ runsDone: 0, runsPlanned: 95, seedsComplete: [] });
    const seed42 = plan.filter((r) => r.seed === 42);
    expect(seed42).toHaveLength(19);
    expect(protocolProgress('full', seed42)).toEqual({ runsDone: 19, runsPlanned: 95, seedsComplete: [42] });
    // one run short of seed 42, plus all of seed 44: only 44 is complete
    const mixed = [...seed42.slice(1), ...plan.filter((r) => r.seed === 44)];
    expect(protocolProgress('full', mixed)).toEqual({ runsDone: 37, runsPlanned: 95, seedsComplete: [44] });
  });
  it('ignores runs outside the plan and counts a repeated run once', () => {
    const extra = { ...plan[0], seed: 7 };
    expect(protocolProgress('full', [plan[0], plan[0], extra]).runsDone).toBe(1);
  });
});
