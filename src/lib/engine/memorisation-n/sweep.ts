/**
 * One size of the sweep, with TF.js: a fresh network trained by the book's 2D trainer
 * (engine/train/session.ts, unchanged) on the n training points of the plan, for the sweep's fixed
 * budget, then sampled from the plan's noise and measured against the training set and fresh data,
 * next to the closed-form reference (plan.ts). The same function runs in the worker, on the
 * main-thread fallback and in the claims test of chapter 12.
 */
import { TrainingSession } from '../train/session.ts';
import { closedFormReference, freshBaseline, statsFor, trainingSet, type SweepPlan } from './plan.ts';
import { SAMPLING, trainSettingsFor, type MemoNSettings } from './settings.ts';
import type { MemoResult } from './protocol.ts';

export interface SizeHooks {
  /** Called after every chunk with steps done so far, the current rate and the last chunk's mean loss. */
  progress?: (step: number, stepsPerSecond: number, loss: number) => void;
  /**
   * Awaited between chunks: resolves true to go on (after a pause, once resumed), false to stop
   * (cancelled); the caller then drops the size.
   */
  gate?: () => Promise<boolean>;
  /** Upper bound on the wall time of one chunk (ms), default 200. */
  maxChunkMs?: number;
}

/** Parameters of the sweep's network (for the ready message). */
export function parameterCount(s: MemoNSettings, plan: SweepPlan): number {
  const session = new TrainingSession(trainSettingsFor(s), { target: trainingSet(plan, plan.sizes[0]) });
  const count = session.net.parameterCount;
  session.dispose();
  return count;
}

/**
 * Trains and measures size `n` (index `index` in plan.sizes). Returns null when `hooks.gate` says
 * stop. Fields `type` and `gen` of the result are filled in by the caller.
 */
export async function runSize(
  s: MemoNSettings,
  plan: SweepPlan,
  index: number,
  hooks: SizeHooks = {},
): Promise<Omit<MemoResult, 'type' | 'gen'> | null> {
  const n = plan.sizes[index];
  const train = trainingSet(plan, n);
  const session = new TrainingSession(trainSettingsFor(s), { target: train });
  try {
    const maxChunkMs = hooks.maxChunkMs ?? 200;
    const t0 = performance.now();
    let chunk = 10;
    let diverged: string | null = null;
    let trainMs = 0;
    while (session.step < s.steps) {
      if (hooks.gate && !(await hooks.gate())) return null;
      const k = Math.min(chunk, s.steps - session.step);
      const c0 = performance.now();
      session.trainSteps(k);
      diverged = await session.flush();
      const dt = performance.now() - c0;
      trainMs += dt;
      chunk = Math.max(1, Math.min(500, Math.floor((k * maxChunkMs) / Math.max(dt, 1))));
      const h = session.lossHistory();
      let sum = 0;
      for (let i = h.length - k; i < h.length; i++) sum += h[i];
      hooks.progress?.(session.step, (session.step / trainMs) * 1000, sum / k);
      if (diverged) break;
    }
    const h = session.lossHistory();
    const tail = h.subarray(Math.max(0, h.length - 100));
    const finalLoss = tail.reduce((a, b) => a + b, 0) / Math.max(1, tail.length);
    const e0 = performance.now();
    const gen = await session.generate(
      plan.starts,
      { method: SAMPLING.method, steps: SAMPLING.steps, t0: 0, t1: session.path.tMax },
      false,
    );
    const generated = gen.x;
    const finite = !diverged && generated.every(Number.isFinite);
    const reference = closedFormReference(plan, n);
    const result = {
      index,
      n,
      generated: Float32Array.from(generated),
      closedForm: Float32Array.from(reference.points),
      network: finite ? statsFor(plan, n, generated) : { fractionWithin: NaN, medianNearest: NaN, w2: NaN },
      reference: reference.stats,
      freshBaseline: freshBaseline(plan, n),
      w2Floor: plan.w2Floor,
      finalLoss,
      trainMs: e0 - t0,
      evalMs: performance.now() - e0,
      diverged: diverged ?? (finite ? null : 'the generated points are not finite'),
    };
    return result;
  } finally {
    session.dispose();
  }
}
