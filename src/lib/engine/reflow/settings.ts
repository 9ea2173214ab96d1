/**
 * Settings of a reflow run (k-rectified flows trained one after the other): one schema, with
 * defaults and bounds in one place, shared by the engine, the reflow-live widget and the URL.
 * TF-free. The defaults are what the rectified-flow chapter describes and its claims test runs:
 * small enough to finish three rounds in well under a minute on wasm on a phone-class CPU.
 */
import { DATASET_NAMES, type DatasetName } from '../../core/index.ts';
import { enumField as en, intField as int, narrowed, narrowedEnum } from '../../state/schema-fields.ts';
import { validateSettings, type SettingsOf } from '../../state/settings.ts';
import { cleanSettings as cleanTrainSettings, TRAIN_SCHEMA, type DataChoice, type TrainSettings } from '../train/settings.ts';

/** What the round panels draw: the accurate trajectories, or the samples after k Euler steps. */
export const VIEWS = ['trajectories', 'euler1', 'euler2', 'euler4'] as const;
export type ReflowView = (typeof VIEWS)[number];
const VIEW_LABELS: Record<ReflowView, string> = {
  trajectories: 'trajectories (accurate solve)',
  euler1: 'samples after 1 Euler step',
  euler2: 'samples after 2 Euler steps',
  euler4: 'samples after 4 Euler steps',
};

/** Euler step counts whose samples and W₂ every round reports (the order of `RoundFigures.w2`). */
export const EULER_STEPS = [1, 2, 4] as const;

/**
 * The network, optimiser and seed keys are the train schema's fields (each round is a train session:
 * `roundTrainSettings`), narrowed where a reflow run needs less room: a smaller learning-rate range
 * (several rounds in a row must not diverge), a larger default batch, coarser width steps.
 */
const T = TRAIN_SCHEMA;

export const REFLOW_SCHEMA = {
  target: narrowedEnum<DataChoice, DatasetName>(T.target, DATASET_NAMES, '8gaussians'),
  rounds: int(3, 1, 4, 'rectified flows (rounds)'),
  steps: int(1200, 100, 10000, 'training steps per round', 100),
  pairs: int(2048, 256, 8192, 'stored pairs (x₀, ψ₁(x₀)) per round', 256),
  solveSteps: int(24, 4, 200, 'RK4 steps of the accurate solve'),
  width: narrowed(T.width, { min: 16, step: 16 }),
  depth: narrowed(T.depth, { max: 5 }),
  activation: T.activation,
  lr: narrowed(T.lr, { min: 1e-4, max: 0.03 }),
  batch: narrowed(T.batch, { default: 256, min: 32, max: 1024, step: 32 }),
  view: en<ReflowView>('trajectories', VIEWS, VIEW_LABELS, 'round panels show'),
  seed: T.seed,
} as const;

export type ReflowSettings = SettingsOf<typeof REFLOW_SCHEMA>;

/** Keys that change only what is drawn: every other key means a fresh run. */
const VIEW_KEYS: readonly (keyof ReflowSettings)[] = ['view'];

/** True when going from `a` to `b` needs a fresh run (new weights, rounds from the start). */
export function needsRestart(a: ReflowSettings, b: ReflowSettings): boolean {
  return (Object.keys(REFLOW_SCHEMA) as (keyof ReflowSettings)[]).some((k) => !VIEW_KEYS.includes(k) && a[k] !== b[k]);
}

/** Validates/clamps a partial settings object on top of `base` (defaults when absent). */
export function cleanReflowSettings(
  partial: Partial<Record<keyof ReflowSettings, unknown>>,
  base?: ReflowSettings,
): { settings: ReflowSettings; problems: string[] } {
  return validateSettings(REFLOW_SCHEMA, partial, base);
}

/**
 * The train engine's settings for round `round` (1-based): source 𝒩(0, I), the rectified path
 * (σ = 0, target x₁ − x₀), the independent coupling (round 1 draws independent pairs; later rounds
 * draw stored pairs and keep them), Adam with the reader's learning rate, and a seed per round.
 */
export function roundTrainSettings(s: ReflowSettings, round: number): TrainSettings {
  return cleanTrainSettings({
    source: 'normal',
    target: s.target,
    coupling: 'independent',
    path: 'rectified',
    sigma: 0,
    width: s.width,
    depth: s.depth,
    activation: s.activation,
    timeFreqs: 3,
    optimizer: 'adam',
    lr: s.lr,
    weightDecay: 0,
    batch: s.batch,
    samples: 50,
    seed: roundSeed(s.seed, round),
  }).settings;
}

/** A distinct, reproducible seed for each round's network, batches and fresh source draws. */
export function roundSeed(seed: number, round: number): number {
  return (seed + 7919 * round) % 2 ** 31;
}
