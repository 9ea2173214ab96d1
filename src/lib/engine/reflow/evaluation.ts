/**
 * The fixed evaluation set of a reflow run and the figures every round reports, all from the core
 * (TF-free and DOM-free, so the widget's first frame and the engine in the worker use the same
 * numbers): M source points x₀ ~ 𝒩(0, I) from which every round's flow is solved, M fresh data
 * points as the W₂ reference, and the independent coupling of the two as round 0.
 */
import { Rng, countCrossings, sampleDataset, type DatasetName, type Paired } from '../../core/index.ts';
import { couplingCost } from '../../core/rectified-flow.ts';
import { squareExtent } from '../train/view.ts';

/** Points every round is measured on (exact W₂ on M = 256 points: an assignment in a few ms). */
export const EVAL_POINTS = 256;
/** Trajectories drawn per round panel (the first ones of the evaluation set). */
export const SHOWN_TRAJECTORIES = 64;
/** Seed offset of the evaluation set (independent of every round's training draws). */
const EVAL_SEED_OFFSET = 104_729;

export interface EvaluationSet {
  /** M source points (flat pairs). */
  x0: Float64Array;
  /** M data points, the W₂ reference. */
  reference: Float64Array;
  /** The square drawing window around source and data. */
  extent: [number, number, number, number];
}

export function evaluationSet(target: DatasetName, seed: number, m = EVAL_POINTS): EvaluationSet {
  const rng = new Rng(seed + EVAL_SEED_OFFSET);
  const x0 = sampleDataset('normal', m, rng.fork());
  const reference = sampleDataset(target, m, rng.fork());
  return { x0, reference, extent: squareExtent([x0, reference]) };
}

/** The coupling figures of a set of pairs: quadratic transport cost and the share of crossing segments. */
export interface CouplingFigures {
  /** (1/M) Σ ‖x₁ⁱ − x₀ⁱ‖². */
  cost: number;
  /** Number of pairs of segments x₀ⁱ → x₁ⁱ that cross. */
  crossings: number;
  /** crossings / (M(M − 1)/2). */
  crossingShare: number;
}

export function couplingFigures(pairs: Paired, m: number): CouplingFigures {
  const crossings = countCrossings(pairs.x0, pairs.x1, m);
  return { cost: couplingCost(pairs, m, 2), crossings, crossingShare: m > 1 ? crossings / ((m * (m - 1)) / 2) : 0 };
}

/** Round 0: the independent coupling of the evaluation set (source i paired with reference i). */
export function independentFigures(ev: EvaluationSet): CouplingFigures {
  return couplingFigures({ x0: ev.x0, x1: ev.reference }, ev.x0.length / 2);
}
