/**
 * The three trained fields the solver lab compares on the same data (TF-free: the widget's schema
 * imports the list): I-CFM (independent coupling) and OT-CFM (exact minibatch OT coupling), both on
 * the I-CFM path with width σ from 𝒩(0, I) to the data and trained by the train engine
 * (engine/train), and 2-RF, trained by the reflow engine (engine/reflow): the rectified flow (σ = 0)
 * of round 1, then round 2 on the pairs (x₀, ψ₁(x₀)) of round 1's flow.
 */
import type { DatasetName } from '../../core/index.ts';
import { cleanSettings, type TrainSettings } from '../train/settings.ts';

export const TRAINED_FIELDS = ['icfm', 'otcfm', 'rf2'] as const;
export type TrainedField = (typeof TRAINED_FIELDS)[number];
export const TRAINED_FIELD_LABELS: Readonly<Record<TrainedField, string>> = {
  icfm: 'Trained I-CFM',
  otcfm: 'Trained OT-CFM',
  rf2: 'Trained 2-RF',
};

/** What the page asks the engine to train. */
export interface TrainSpec {
  target: DatasetName;
  sigma: number;
  trainSteps: number;
  /** Number of starting points of the sweeps (the widget's `starts`). */
  starts: number;
  seed: number;
  /** Network and batch size (default 64 × 3 hidden layers, batch 256); tests shrink them. */
  width?: number;
  depth?: number;
  batch?: number;
  /** The sweep's budgets and Dopri5 tolerances (default NETWORK_NFE, NETWORK_TOLERANCES). */
  sweepNfe?: readonly number[];
  tolerances?: readonly number[];
}

/** The train engine's settings for I-CFM or OT-CFM (2-RF's are the reflow engine's). */
export function trainSettingsFor(field: TrainedField, spec: TrainSpec): TrainSettings {
  return cleanSettings({
    source: 'normal',
    target: spec.target,
    coupling: field === 'otcfm' ? 'exact-ot' : 'independent',
    path: 'icfm',
    sigma: spec.sigma,
    width: spec.width ?? 64,
    depth: spec.depth ?? 3,
    batch: spec.batch ?? 256,
    lr: 0.003,
    seed: spec.seed + TRAINED_FIELDS.indexOf(field),
  }).settings;
}

/**
 * Sweeps of a network (float32 arithmetic): the reference is Dopri5 at 10⁻⁶; the network is
 * evaluated in float32 (on the device, or in the SIMD kernels on a CPU backend, where the state is
 * float64), and the fixed-step errors level off around 10⁻⁴ (seen on wasm with the default settings,
 * through TF.js and through the kernels), so errors below 5·10⁻⁴ are left out of the fitted slopes;
 * budgets stop at 256 NFE (beyond that every method is at that floor).
 */
export const NETWORK_REFERENCE_TOL = 1e-6;
export const NETWORK_ERROR_FLOOR = 5e-4;
export const NETWORK_NFE: readonly number[] = [4, 8, 16, 32, 64, 128, 256];
export const NETWORK_TOLERANCES: readonly number[] = [1e-2, 1e-3, 1e-4, 1e-5];
/** Seed offset of the fresh data sample the networks' own W₂ is measured against. */
export const DATA_SEED_OFFSET = 1009;
