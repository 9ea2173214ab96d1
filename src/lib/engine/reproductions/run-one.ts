/**
 * Training and evaluation with TF.js, DOM-free: the book's 2D trainer (engine/train/session.ts) for
 * a step budget, then Euler from fresh source points and the exact W₂ to held-out test points
 * (protocols.ts). The same functions run in the widget's worker, on its main-thread fallback, in
 * `npm run experiment` (Node, wasm) and in the tests, so the same seed gives the same numbers
 * wherever the backend computes the same floats.
 */
import { couple, normalisedPathEnergy, w2Exact, w2SquaredExact, type Rng } from '../../core/index.ts';
import { auctionScan } from '../../simd/auction-scan.ts';
import { tf } from '../../nn/tf.ts';
import { TimedBatchMaker } from '../train/batch-timing.ts';
import { TrainingSession } from '../train/session.ts';
import type { TrainSettings } from '../train/settings.ts';
import { DIM } from '../train/batch.ts';
import { evalSets, trainSettingsFor, w2Floor, type RunSpec } from './protocols.ts';
import type { RunResult } from './results.ts';
import { METHODS, type MethodSpec } from './table.ts';

/** The trainer's batches with the Sinkhorn coupling at the method's own ε (SB-CFM: ε = 2σ²). */
class EntropicBatchMaker extends TimedBatchMaker {
  private readonly epsilon: number;
  constructor(settings: TrainSettings, rng: Rng, epsilon: number) {
    super(settings, rng);
    this.epsilon = epsilon;
  }
  override pair(x0: Float64Array, x1: Float64Array): { x0: Float64Array; x1: Float64Array } {
    return couple('sinkhorn', x0, x1, this.settings.batch, DIM, this.rng, { epsilon: this.epsilon });
  }
}

/** A training session for a run (the method's own coupling ε where it has one). */
export function sessionFor(run: RunSpec): TrainingSession {
  const spec: MethodSpec = METHODS[run.method];
  const settings = trainSettingsFor(run);
  if (spec.epsilon === undefined) return new TrainingSession(settings);
  const epsilon = spec.epsilon;
  return new TrainingSession(settings, undefined, (s, r) => new EntropicBatchMaker(s, r, epsilon));
}

export interface RunHooks {
  /** After every chunk: steps done, steps per second so far, the chunk's mean loss. */
  progress?: (step: number, stepsPerSecond: number, loss: number) => void;
  /** Awaited between chunks: true goes on (after a pause, once resumed), false stops the run. */
  gate?: () => Promise<boolean>;
  /** Upper bound on one chunk's wall time (ms), default 200. */
  maxChunkMs?: number;
  /** Wall-time budget of training (ms); training stops early when it is spent. */
  maxTrainMs?: number;
}

export interface Budget {
  steps: number;
  evalPoints: number;
  eulerSteps: number;
  seed: number;
}

export type Evaluation = Omit<RunResult, keyof RunSpec>;

/** Trains `session` for the budget and evaluates it; null when `hooks.gate` stopped it. */
export async function trainAndEvaluate(session: TrainingSession, budget: Budget, hooks: RunHooks = {}): Promise<Evaluation | null> {
  const maxChunkMs = hooks.maxChunkMs ?? 200;
  const maxTrainMs = hooks.maxTrainMs ?? Infinity;
  let chunk = 10;
  let diverged: string | null = null;
  const t0 = performance.now();
  while (session.step < budget.steps && performance.now() - t0 < maxTrainMs) {
    if (hooks.gate && !(await hooks.gate())) return null;
    const k = Math.min(chunk, budget.steps - session.step);
    const c0 = performance.now();
    session.trainSteps(k);
    diverged = await session.flush();
    const dt = performance.now() - c0;
    chunk = Math.max(1, Math.min(500, Math.floor((k * maxChunkMs) / Math.max(dt, 1))));
    const h = session.lossHistory();
    let sum = 0;
    for (let i = h.length - k; i < h.length; i++) sum += h[i];
    hooks.progress?.(session.step, (session.step / Math.max(1, performance.now() - t0)) * 1000, sum / k);
    if (diverged) break;
  }
  const trainMs = performance.now() - t0;
  const h = session.lossHistory();
  const tail = h.subarray(Math.max(0, h.length - 100));
  const finalLoss = tail.reduce((a, b) => a + b, 0) / Math.max(1, tail.length);

  const e0 = performance.now();
  const sets = evalSets(session.source, session.target, budget.evalPoints, budget.seed);
  const { tMin, tMax } = session.path;
  const gen = await session.generate(sets.x0, { method: 'euler', steps: budget.eulerSteps, trajectory: true, t0: tMin, t1: tMax }, false);
  const finite = !diverged && gen.x.every(Number.isFinite);
  const w2 = finite ? w2Exact(gen.x, sets.test, sets.n, DIM, auctionScan) : NaN;
  const npe =
    finite && gen.trajectory
      ? normalisedPathEnergy(gen.trajectory, sets.n, DIM, undefined, w2SquaredExact(sets.x0, sets.test, sets.n, DIM, auctionScan))
      : NaN;
  const floor = w2Floor(sets);
  const steps = Math.max(1, session.step);
  return {
    w2,
    w2Floor: floor,
    npe,
    finalLoss,
    stepsRun: session.step,
    trainMs,
    evalMs: performance.now() - e0,
    couplingMsPerStep: session.batches.timing.couplingMs / steps,
    networkMsPerStep: session.timing.networkMs / steps,
    backend: tf.getBackend(),
    diverged: diverged ?? (finite ? null : 'the generated points are not finite'),
  };
}

/** Trains and evaluates one run of a protocol; null when `hooks.gate` stopped it. */
export async function runOne(run: RunSpec, hooks: RunHooks = {}): Promise<RunResult | null> {
  const session = sessionFor(run);
  try {
    const ev = await trainAndEvaluate(session, run, hooks);
    return ev && { ...run, ...ev };
  } finally {
    session.dispose();
  }
}
