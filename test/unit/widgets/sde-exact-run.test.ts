/**
 * The SDE vs ODE widget's page-side run (widgets/sde-vs-ode/exact-run.svelte.ts), with its engine on
 * the page (as `?worker=0`, and as in Node, which has no Worker): frames arrive until the run is
 * finished, and a frame's figures can be asked for again once answered (the reader scrubs away from
 * a frame and comes back: the review found the second request swallowed).
 */
import { describe, expect, it } from 'vitest';
import { PairedSimulation, pairedStarts, type Checkpoint } from '../../../src/lib/engine/sde-vs-ode/paired.ts';
import { ExactRun } from '../../../src/widgets/sde-vs-ode/exact-run.svelte.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const spec = { seed: 2, g: 0.5, steps: 40, particles: 60 }; // checkpoints at even steps

describe('ExactRun (the page side of the closed-form run)', () => {
  it('receives every frame, and measures a frame the reader comes back to again', async () => {
    const answers: Checkpoint[] = [];
    const errors: string[] = [];
    const run = new ExactRun({
      noWorker: () => true,
      onProgress: () => {},
      onMetrics: (c) => answers.push(c),
      onError: (m) => errors.push(m),
    });
    run.start(spec, pairedStarts(spec.seed, spec.particles));
    for (let i = 0; i < 3000 && !run.finished; i++) await sleep(5);
    expect(run.finished).toBe(true);
    const whole = new PairedSimulation(spec);
    whole.advance();
    expect(run.ode).toEqual(whole.ode);
    expect(run.checkpoints).toEqual(whole.checkpoints);
    const wait = async (count: number) => {
      for (let i = 0; i < 1000 && answers.length < count; i++) await sleep(5);
    };
    expect(run.checkpoints.some((c) => c.step === 3)).toBe(false);
    // The reader stops at frame 3 (measured by the engine), plays to the end, and scrubs back to 3.
    expect(run.figuresAt(3, false, null)).toBeNull();
    await wait(1);
    const atEnd = run.figuresAt(40, true, answers[0]);
    expect(atEnd?.step).toBe(40);
    expect(run.figuresAt(3, false, atEnd)).toBe(atEnd); // asked again; shown meanwhile
    await wait(2);
    expect(answers).toEqual([whole.metricsAt(3), whole.metricsAt(3)]);
    expect(errors).toEqual([]);
    run.dispose();
  });
});
