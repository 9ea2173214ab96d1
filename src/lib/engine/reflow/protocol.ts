/**
 * The typed messages between a page and a reflow run (worker or main-thread fallback). As in the
 * train engine (train/protocol.ts), commands that change what is trained carry the page's
 * generation `gen`, every event is tagged with the generation it was computed for, and the page
 * drops stale events.
 */
import type { BackendChoice } from '../../nn/backend.ts';
import type { BackendName } from '../../nn/backend-names.ts';
import type { RoundResult } from './rounds.ts';
import type { ReflowSettings } from './settings.ts';

export type ReflowCommand =
  | { type: 'init'; gen: number; settings: ReflowSettings; force?: BackendName; remembered?: string | null }
  /** Starts (or resumes) the rounds. */
  | { type: 'start'; gen: number }
  | { type: 'pause'; gen: number }
  /** A fresh run with these settings (round 1, new weights), paused. */
  | { type: 'reset'; gen: number; settings: ReflowSettings }
  | { type: 'dispose' };

/** Where a run stands; posted about every 250 ms while training and on every change. */
export interface ReflowProgress {
  type: 'progress';
  gen: number;
  running: boolean;
  /** Round being trained (1-based), step within it and steps per round. */
  round: number;
  rounds: number;
  step: number;
  steps: number;
  /** What the engine is doing: training the round's network, or solving its ODE for the figures and pairs. */
  phase: 'training' | 'solving' | 'done';
  /** Mean loss over the round's recent steps (null before the first). */
  loss: number | null;
  stepsPerSecond: number;
  /** Estimated seconds until all rounds are done (null until a rate is known). */
  etaSeconds: number | null;
}

export type ReflowEvent =
  | { type: 'ready'; gen: number; backend: BackendChoice; parameters: number; where: 'worker' | 'main-thread' }
  | ReflowProgress
  | { type: 'round'; gen: number; result: RoundResult }
  | { type: 'diverged'; gen: number; round: number; step: number; reason: string }
  | { type: 'error'; gen: number; message: string };

/** The ArrayBuffers of an event that can be transferred rather than copied. */
export function reflowTransferables(ev: ReflowEvent): ArrayBuffer[] {
  if (ev.type !== 'round') return [];
  const r = ev.result;
  return [r.samples, r.trajectories, r.lossValues, r.weights.data, ...r.eulerSamples].map((a) => a.buffer as ArrayBuffer);
}
