/**
 * Typed messages between the page and a memorisation-vs-n sweep (worker or main-thread fallback).
 * A sweep trains one model per size n, in order, each with the same budget. Every command after
 * `init` carries the page's generation `gen`; a `restart` installs a new one and the engine tags
 * every event with the generation it was computed for, so the page can drop stale ones.
 */
import type { BackendChoice } from '../../nn/backend.ts';
import type { BackendName } from '../../nn/backend-names.ts';
import type { MemorisationStats } from '../../core/memorisation-curve.ts';
import type { MemoNSettings } from './settings.ts';

export type MemoCommand =
  | { type: 'init'; gen: number; settings: MemoNSettings; force?: BackendName; remembered?: string | null }
  /** Starts the sweep, or resumes it after a pause. */
  | { type: 'start'; gen: number }
  /** Pauses between two chunks of training (the model in training is kept). */
  | { type: 'pause'; gen: number }
  /** Drops the sweep and prepares a fresh one with these settings (paused until `start`). */
  | { type: 'restart'; gen: number; settings: MemoNSettings }
  | { type: 'dispose' };

/** Training progress of the size in training. */
export interface MemoProgress {
  type: 'progress';
  gen: number;
  /** Index of the size in the sweep's list, the size, steps done and the budget. */
  index: number;
  n: number;
  step: number;
  steps: number;
  stepsPerSecond: number;
  /** Estimated milliseconds left for this size and for the whole sweep (training only). */
  etaMs: number;
  etaSweepMs: number;
  loss: number;
}

/** One finished size: the trained network's points and statistics, and the references. */
export interface MemoResult {
  type: 'result';
  gen: number;
  index: number;
  n: number;
  /** The network's generated points (m × 2) and the closed-form sampler's (same noise). */
  generated: Float32Array;
  closedForm: Float32Array;
  network: MemorisationStats;
  reference: MemorisationStats;
  /** Fresh data: share within δ of the training set, median nearest distance. */
  freshBaseline: Pick<MemorisationStats, 'fractionWithin' | 'medianNearest'>;
  /** The W₂ floor of the sweep's plan (fresh against fresh, plan.ts). */
  w2Floor: number;
  /** Mean training loss over the last 100 steps; wall time of training and of the evaluation. */
  finalLoss: number;
  trainMs: number;
  evalMs: number;
  /** Why training stopped early (loss became NaN/∞), or null. */
  diverged: string | null;
}

export type MemoEvent =
  | { type: 'ready'; gen: number; backend: BackendChoice; parameters: number; where: 'worker' | 'main-thread' }
  | MemoProgress
  | MemoResult
  | { type: 'paused'; gen: number }
  | { type: 'done'; gen: number; totalMs: number }
  | { type: 'error'; gen: number; message: string };

/** The buffers of an event that can be transferred rather than copied. */
export function memoTransferables(ev: MemoEvent): ArrayBuffer[] {
  if (ev.type === 'result') return [ev.generated.buffer as ArrayBuffer, ev.closedForm.buffer as ArrayBuffer];
  return [];
}
