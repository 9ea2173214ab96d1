/**
 * Claims of chapter 8 about the reflow-live figure (figure-reflow-live): its default setting is run
 * here with the same code the widget's worker runs (src/lib/engine/reflow, TF.js on the wasm
 * backend, the default seed), and each sentence that says what the reader sees by default is
 * checked against the figures it reports. Nothing is hard-coded: the numbers come from the run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activateAndCheck } from '../../../src/lib/nn/backend.ts';
import { ReflowRounds, type RoundResult } from '../../../src/lib/engine/reflow/rounds.ts';
import { independentFigures, type CouplingFigures } from '../../../src/lib/engine/reflow/evaluation.ts';
import { EULER_STEPS, REFLOW_SCHEMA, cleanReflowSettings } from '../../../src/lib/engine/reflow/settings.ts';
import { ODE_METHODS } from '../../../src/lib/core/index.ts';
import { defaultSettings } from '../../../src/lib/state/settings.ts';

let rounds: RoundResult[] = [];
let independent: CouplingFigures;

beforeAll(async () => {
  expect(await activateAndCheck('wasm')).toBe(true);
  const { settings, problems } = cleanReflowSettings({});
  expect(problems).toEqual([]);
  const run = new ReflowRounds(settings);
  independent = independentFigures(run.evaluation);
  while (!run.done) {
    while (!run.roundTrained) {
      run.trainSteps(100);
      expect(await run.flush()).toBeNull();
    }
    await run.finishRound();
  }
  rounds = run.results;
}, 120_000);

afterAll(async () => {
  await activateAndCheck('cpu');
});

describe('reflow live, default setting (chapter 8)', () => {
  it('"Round 1 trains a small network (three hidden layers of 64 units) on independent pairs of p0 = N(0, I) and the eight-Gaussians data set, 1200 Adam steps"; "from 2048 fresh source points"; "round 3"', () => {
    expect([REFLOW_SCHEMA.depth.default, REFLOW_SCHEMA.width.default, REFLOW_SCHEMA.steps.default]).toEqual([3, 64, 1200]);
    expect([REFLOW_SCHEMA.target.default, REFLOW_SCHEMA.pairs.default, REFLOW_SCHEMA.rounds.default]).toEqual(['8gaussians', 2048, 3]);
    expect(rounds.map((r) => r.round)).toEqual([1, 2, 3]);
  });

  it('"Before training, thousands of the independent segments cross, and the independent coupling costs about 28."', () => {
    expect(independent.crossings).toBeGreaterThanOrEqual(2000);
    expect(independent.crossings).toBeLessThan(10_000);
    expect(independent.cost.toFixed(0)).toBe('28');
  });

  it('"After round 1 the crossings fall more than tenfold and the cost of the rectified coupling is about half that of the independent one"', () => {
    const [r1] = rounds;
    expect(r1.crossings * 10).toBeLessThan(independent.crossings);
    expect(r1.cost / independent.cost).toBeGreaterThan(0.4);
    expect(r1.cost / independent.cost).toBeLessThan(0.6);
  });

  it('"a single Euler step is useless … its W₂ is more than four times that of the accurate solve"', () => {
    const [r1] = rounds;
    expect(r1.w2[0]).toBeGreaterThan(4 * r1.w2Accurate);
  });

  it('"The 2-RF is almost straight: its straightness is more than a hundred times smaller than the 1-RF\'s, and its one-step W₂ is more than four times lower than the 1-RF\'s."', () => {
    const [r1, r2] = rounds;
    expect(r2.straightness * 100).toBeLessThan(r1.straightness);
    expect(r2.w2[0] * 4).toBeLessThan(r1.w2[0]);
  });

  it('"The third round lowers the cost only a little further, by under 5 % in total after round 1, and its one-step samples are no better than the second\'s"', () => {
    const [r1, r2, r3] = rounds;
    expect(r2.cost).toBeLessThan(r1.cost);
    expect(r3.cost).toBeLessThan(r2.cost);
    expect((r1.cost - r3.cost) / r1.cost).toBeLessThan(0.05);
    expect(r3.w2[0]).toBeGreaterThan(r2.w2[0] - 0.05);
  });
});

describe('exercise-reflow-live-budget (chapter 8)', () => {
  it('"One Euler step of the 2-RF (one evaluation per sample) lands closer to the data than even four steps of the 1-RF (four evaluations); one or two steps of the 1-RF are far worse"', () => {
    const [r1, r2] = rounds;
    expect(EULER_STEPS).toEqual([1, 2, 4]);
    expect(r2.w2[0]).toBeLessThan(r1.w2[2]);
    expect(r1.w2[0]).toBeGreaterThan(2 * r2.w2[0]);
    expect(r1.w2[1]).toBeGreaterThan(2 * r2.w2[0]);
  });

  it('"the pairs cost 2048·24·4 = 196 608 evaluations, and the training about 3·256·1200 = 921 600, in all 1 118 208 … after about 1 118 208/3 ≈ 372 736 samples"', () => {
    const d = defaultSettings(REFLOW_SCHEMA);
    const pairs = d.pairs * d.solveSteps * ODE_METHODS.rk4.evalsPerStep;
    const training = 3 * d.batch * d.steps;
    expect([d.pairs, d.solveSteps, d.batch, d.steps]).toEqual([2048, 24, 256, 1200]);
    expect(pairs).toBe(196_608);
    expect(training).toBe(921_600);
    expect(pairs + training).toBe(1_118_208);
    const saved = EULER_STEPS[2] - EULER_STEPS[0];
    expect(Math.round((pairs + training) / saved)).toBe(372_736);
  });
});
