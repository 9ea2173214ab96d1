/**
 * Typed messages between the couplings comparison (page) and its engine (a Web Worker without TF.js,
 * or the same runner on the page when no worker starts). A `compare` command carries the page's
 * generation `gen` (new settings are a new generation); every event is tagged with the generation it
 * was computed for, and the page drops stale ones (engine/worker-client.ts).
 */
import type { DatasetName } from '../../core/index.ts';
import type { CompareOptions, FlowStage, PlanStage, VarianceStage } from './compare.ts';

/** One comparison: the two point sets (seeded by `opts.seed`) and how the couplings are solved. */
export interface CompareSetting {
  source: DatasetName;
  target: DatasetName;
  n: number;
  opts: CompareOptions;
}

/** What the page shows of a plan: everything but π itself (n × n, kept by the engine for the later stages). */
export type PlanView = Omit<PlanStage, 'plan'>;

export type CouplingsCommand =
  | { type: 'init'; gen: number }
  /**
   * Compare the couplings for `setting`. When only `opts.k` differs from the engine's last complete
   * run and that run is the page's `reusable` one (the generation of the last complete run whose
   * every event the page kept; -1: none), the engine reuses its plans and computes the k-step
   * samples alone (`euler` events, no `plan`). A run whose last events reached the page after the
   * reader had moved on was dropped there, so its plans are not on screen and are not reused.
   */
  | { type: 'compare'; gen: number; setting: CompareSetting; reusable: number }
  /** Unfinished work stops; its late events are dropped. */
  | { type: 'cancel' }
  | { type: 'dispose' };

export type CouplingsEvent =
  | { type: 'ready' }
  /** W₂² between the two point sets (full-batch OT's cost), the floor of every plan's cost. */
  | { type: 'w2sq'; gen: number; w2sq: number }
  /** Coupling `i` (in COUPLING_NAMES order) has its plan: the pairing lines and the plan's figures. */
  | { type: 'plan'; gen: number; i: number; plan: PlanView }
  | { type: 'flow'; gen: number; i: number; flow: FlowStage }
  | { type: 'variance'; gen: number; i: number; variance: VarianceStage }
  /** The k-step samples of coupling `i` on the plan of the last complete run (a change of k alone). */
  | { type: 'euler'; gen: number; i: number; euler: Pick<FlowStage, 'kStep' | 'w2'> }
  /**
   * A stage of coupling `i` failed: `message` names the coupling. The run goes on with the other
   * couplings; this coupling has no later stages.
   */
  | { type: 'coupling-error'; gen: number; i: number; message: string }
  /** Every stage of the run is done (`reused`: the plans of the previous run were kept, k alone changed). */
  | { type: 'done'; gen: number; reused: boolean }
  /** The engine failed outside any coupling (it could not start, or stopped). */
  | { type: 'error'; gen: number; message: string };
