/**
 * The one experiment of the SDE vs ODE widget (chapter 10), TF-free so that the widget's first frame,
 * the worker and the claims test read the same numbers: the data set, the path, how the random
 * streams are split from the seed, and the trained model's settings.
 *
 * The marginal path is the OT path with σ_min = 0.1 on K = 64 points of the two-moons data set, the
 * setting of the chapter's "checked in numbers" paragraph. σ_min > 0 keeps κ(t) = b² + t(1 − σ_min) b
 * positive on all of [0, 1], so the velocity ↔ score conversion of score.ts is defined at every t,
 * for the exact field and for the network alike. The network learns the same path family from fresh
 * draws of the two-moons distribution (Gaussian source, independent coupling, so its target is the
 * marginal velocity of this path and the conversion applies to it); its samples are compared with a
 * fresh draw of the data.
 */
import { Rng, getPath, sampleDataset, type ConditionalPath } from '../../core/index.ts';
import { cleanSettings, type TrainSettings } from '../train/settings.ts';

export const DIM = 2;
export const DATASET = 'moons' as const;
export const TARGET_COUNT = 64;
export const SIGMA_MIN = 0.1;
export const PATH: ConditionalPath = getPath('ot', { sigmaMin: SIGMA_MIN });

/** The noise levels of the W₂-vs-g sweep of the trained model. */
export const SWEEP_G = [0, 0.25, 0.5, 0.75, 1, 1.5, 2, 2.5] as const;
/** Particles of the sweep (exact W₂ by the assignment solver: O(n³)). */
export const SWEEP_PARTICLES = 500;

/** Independent random streams of one seed, each for one purpose (the order never changes). */
export interface Streams {
  targets: Float64Array;
  /** Starting points of the closed-form view. */
  starts: Rng;
  /** Brownian increments of the closed-form SDE. */
  noise: Rng;
  /** Network initialisation and batches. */
  trainSeed: number;
  /** Starting points and noise of the sweep (a fresh Rng per sweep, so a sweep is reproducible). */
  sweepSeed: number;
  /** The data sample the sweep measures W₂ to, and its twin (the Monte-Carlo floor). */
  referenceSeed: number;
}

export function streams(seed: number): Streams {
  const rng = new Rng(seed);
  const targets = sampleDataset(DATASET, TARGET_COUNT, rng.fork());
  const starts = rng.fork();
  const noise = rng.fork();
  const seedOf = () => Math.floor(rng.uniform() * 2 ** 31);
  return { targets, starts, noise, trainSeed: seedOf(), sweepSeed: seedOf(), referenceSeed: seedOf() };
}

/** The velocity network's training settings (engine/train's schema, so they are clamped there). */
export function trainSettings(seed: number): TrainSettings {
  return cleanSettings({
    source: 'normal',
    target: DATASET,
    coupling: 'independent',
    path: 'ot',
    sigma: SIGMA_MIN,
    width: 64,
    depth: 3,
    activation: 'silu',
    timeFreqs: 2,
    optimizer: 'adamw',
    lr: 0.003,
    batch: 256,
    samples: 50,
    nfe: 2,
    seed,
  }).settings;
}
