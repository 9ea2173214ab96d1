/**
 * The reflow loop without messaging, usable in a worker, on the main thread and in Node alike.
 *
 *   round 1:  train u¹ on independent pairs (x₀, x₁) ~ p₀ ⊗ p₁ (the train engine's TrainingSession,
 *             rectified path, target x₁ − x₀)
 *   round r:  solve ẋ = u^{r−1}_t(x) from N fresh x₀ ~ p₀ with RK4 → pairs (x₀, ψ₁(x₀)); train u^r on
 *             those pairs (the same session, fed by PairedBatchMaker)
 *
 * After each round the flow is measured on a fixed evaluation set (evaluation.ts) with the core:
 * straightness S from the accurate trajectories, quadratic cost and crossings of the coupling
 * (x₀, ψ₁(x₀)), and exact W₂ to fresh data of the samples after 1, 2 and 4 Euler steps.
 * Deterministic for a given seed and backend.
 */
import { Rng, sampleDataset, straightness, w2Exact, type Paired } from '../../core/index.ts';
import { auctionScan } from '../../simd/auction-scan.ts';
import type { ExportedWeights } from '../../nn/mlp.ts';
import type { TimedBatchMaker } from '../train/batch-timing.ts';
import { TrainingSession } from '../train/session.ts';
import { couplingFigures, evaluationSet, SHOWN_TRAJECTORIES, type EvaluationSet } from './evaluation.ts';
import { PairedBatchMaker } from './paired-batch.ts';
import { EULER_STEPS, roundSeed, roundTrainSettings, type ReflowSettings } from './settings.ts';

/** Seed offset of the fresh source draws that become the next round's pairs. */
const PAIR_SEED_OFFSET = 31;
/** The loss reported for a round: the mean over its last steps. */
const LOSS_TAIL = 50;

/** What one finished round reports (plain numbers and transferable arrays). */
export interface RoundResult {
  /** 1 for the 1-RF, 2 for the 2-RF, … */
  round: number;
  steps: number;
  /** E‖ψ₁(x₀) − x₀‖² on the evaluation set (the rectified coupling's quadratic cost). */
  cost: number;
  /** Crossing segments x₀ → ψ₁(x₀) among the evaluation pairs, and their share of all segment pairs. */
  crossings: number;
  crossingShare: number;
  /** S = ∫ E‖(Z₁ − Z₀) − Ż_t‖² dt from the accurate (RK4) trajectories. */
  straightness: number;
  /** Exact W₂ to the reference data of the samples after EULER_STEPS[i] Euler steps. */
  w2: number[];
  /** The same for the accurate solve. */
  w2Accurate: number;
  /** Mean training loss over the round's last steps. */
  finalLoss: number;
  trainMs: number;
  solveMs: number;
  /** Accurate end points ψ₁(x₀) of the evaluation set (flat pairs). */
  samples: Float32Array;
  /** Samples after EULER_STEPS[i] Euler steps (flat pairs each). */
  eulerSamples: Float32Array[];
  /** The first `trajectoryCount` accurate paths, `trajectoryLength` points each, path-major. */
  trajectories: Float32Array;
  trajectoryCount: number;
  trajectoryLength: number;
  /** Loss history, block means (at most 200 points). */
  lossValues: Float32Array;
  /** The round's network: rebuild it with VelocityMlp + importWeights (see field.ts). */
  weights: ExportedWeights;
}

export class ReflowRounds {
  readonly settings: ReflowSettings;
  readonly evaluation: EvaluationSet;
  readonly results: RoundResult[] = [];
  private session: TrainingSession | null = null;
  /** The coupling the next round trains on (null for round 1: independent pairs). */
  private pairs: Paired | null = null;
  private trainMs = 0;

  constructor(settings: ReflowSettings) {
    this.settings = { ...settings };
    this.evaluation = evaluationSet(settings.target, settings.seed);
  }

  /** All rounds finished. */
  get done(): boolean {
    return this.results.length >= this.settings.rounds;
  }
  /** The round being trained (1-based), or the last one when done. */
  get round(): number {
    return Math.min(this.settings.rounds, this.results.length + 1);
  }
  /** Training steps taken in the current round. */
  get step(): number {
    return this.done ? this.settings.steps : (this.session?.step ?? 0);
  }
  get roundTrained(): boolean {
    return this.session !== null && this.session.step >= this.settings.steps;
  }
  get diverged(): string | null {
    return this.session?.diverged ?? null;
  }
  /** The coupling the current round trains on: null in round 1 (independent pairs), then (x₀, ψ₁(x₀)). */
  get trainingPairs(): Paired | null {
    return this.pairs;
  }
  /** The current round's batch source (null before its first step). */
  get batchSource(): TimedBatchMaker | null {
    return this.session?.batches ?? null;
  }
  /** Parameters of the velocity network (the same in every round). */
  get parameterCount(): number {
    return this.ensureSession().net.parameterCount;
  }
  /** The current round's recent mean loss (null before the first flush). */
  recentLoss(): number | null {
    const h = this.session?.lossHistory();
    if (!h || h.length === 0) return null;
    const tail = h.subarray(Math.max(0, h.length - LOSS_TAIL));
    return tail.reduce((a, b) => a + b, 0) / tail.length;
  }

  private ensureSession(): TrainingSession {
    if (this.session) return this.session;
    const r = this.round;
    const train = roundTrainSettings(this.settings, r);
    const pairs = this.pairs;
    this.session = pairs
      ? new TrainingSession(train, undefined, (s, rng) => new PairedBatchMaker(s, rng, pairs))
      : new TrainingSession(train);
    this.trainMs = 0;
    return this.session;
  }

  /** Queues up to `n` training steps of the current round (no read-back); returns how many. */
  trainSteps(n: number): number {
    if (this.done) return 0;
    const session = this.ensureSession();
    const k = Math.max(0, Math.min(n, this.settings.steps - session.step));
    const clock = performance.now();
    session.trainSteps(k);
    this.trainMs += performance.now() - clock;
    return k;
  }

  /** Reads the pending losses (one awaited read); a divergence reason or null. */
  async flush(): Promise<string | null> {
    if (!this.session) return null;
    const clock = performance.now();
    const reason = await this.session.flush();
    this.trainMs += performance.now() - clock;
    return reason;
  }

  /**
   * Measures the trained round on the evaluation set, solves the next round's pairs, and closes the
   * round (its network is disposed; its weights are in the result).
   */
  async finishRound(): Promise<RoundResult> {
    const session = this.session;
    if (!session || !this.roundTrained) throw new Error('finishRound: the round is not trained yet');
    await this.flush();
    const clock = performance.now();
    const s = this.settings;
    const ev = this.evaluation;
    const m = ev.x0.length / 2;
    const accurate = await session.generate(ev.x0, { method: 'rk4', steps: s.solveSteps, trajectory: true }, false);
    const figures = couplingFigures({ x0: ev.x0, x1: accurate.x }, m);
    const S = straightness(accurate.trajectory!, m, 2, accurate.times);
    const euler = [];
    for (const k of EULER_STEPS) euler.push((await session.generate(ev.x0, { method: 'euler', steps: k }, false)).x);
    if (this.results.length + 1 < s.rounds) {
      const fresh = sampleDataset('normal', s.pairs, new Rng(roundSeed(s.seed, this.round) + PAIR_SEED_OFFSET));
      const next = await session.generate(fresh, { method: 'rk4', steps: s.solveSteps }, false);
      this.pairs = { x0: fresh, x1: next.x };
    }
    const weights = await session.net.exportWeights();
    const loss = session.decimatedLoss(200);
    const result: RoundResult = {
      round: this.round,
      steps: session.step,
      cost: figures.cost,
      crossings: figures.crossings,
      crossingShare: figures.crossingShare,
      straightness: S,
      w2: euler.map((x) => w2Exact(x, ev.reference, m, 2, auctionScan)),
      w2Accurate: w2Exact(accurate.x, ev.reference, m, 2, auctionScan),
      finalLoss: this.recentLoss() ?? NaN,
      trainMs: this.trainMs,
      solveMs: performance.now() - clock,
      samples: Float32Array.from(accurate.x),
      eulerSamples: euler.map((x) => Float32Array.from(x)),
      ...pathMajor(accurate.trajectory!, Math.min(SHOWN_TRAJECTORIES, m)),
      lossValues: loss.values,
      weights,
    };
    session.dispose();
    this.session = null;
    this.results.push(result);
    return result;
  }

  dispose(): void {
    this.session?.dispose();
    this.session = null;
  }
}

/** The first `count` paths of time-major trajectory frames, as path-major flat pairs. */
function pathMajor(frames: Float64Array[], count: number) {
  const len = frames.length;
  const trajectories = new Float32Array(count * len * 2);
  for (let p = 0; p < count; p++) {
    for (let k = 0; k < len; k++) {
      trajectories[(p * len + k) * 2] = frames[k][p * 2];
      trajectories[(p * len + k) * 2 + 1] = frames[k][p * 2 + 1];
    }
  }
  return { trajectories, trajectoryCount: count, trajectoryLength: len };
}
