/**
 * Settings of the memorisation-vs-n sweep: one schema (defaults and bounds) shared by the engine,
 * the widget and the URL (`?memorisation-vs-n.<key>=…`), and the mapping from a sweep's settings to
 * the 2D trainer's settings (engine/train/settings.ts) for one training set of n points.
 *
 * Defaults, and why:
 * - sizes 8, 32, 128, 512, 2048 (nMin 8, nMax 2048, ×4): a log grid from "a handful of points" to
 *   "a densely sampled data set"; nMax = 4096 adds one more size.
 * - the same budget for every n: 3000 Adam steps of batch 256 on a 3 × 64 SELU MLP, the book's
 *   2D trainer (straight OT path with σ_min = 0, independent coupling), a few seconds per size on wasm.
 * - 300 generated points per n (midpoint rule, 40 steps), compared with 300 fresh data points.
 * - δ = 0.1 · s, where s = √(tr Σ / 2) is the data set's RMS standard deviation
 *   (core/memorisation-curve.ts). For the two moons s ≈ 2.1 and δ ≈ 0.21: about a quarter of the
 *   width of a moon's band (≈ 0.85, the data set's noise) and a thirtieth of its extent, so a point
 *   within δ sits on a training point at the scale of the plot. Much smaller, and δ measures the
 *   network's blur (its points scatter by ≈ 0.1 around a training point it has learned) rather than
 *   memorisation; much larger, and fresh data meet it already for a few hundred training points.
 */
import { DATASET_LABELS, DATASET_NAMES, type DatasetName } from '../../core/index.ts';
import { validateSettings, type SettingsOf } from '../../state/settings.ts';
import { cleanSettings, type TrainSettings } from '../train/settings.ts';

/** The training-set sizes a reader can pick as the ends of the sweep. */
export const SIZE_CHOICES = ['8', '16', '32', '64', '128', '256', '512', '1024', '2048', '4096'] as const;
const SIZE_LABELS = Object.fromEntries(SIZE_CHOICES.map((n) => [n, n])) as Record<(typeof SIZE_CHOICES)[number], string>;
/** Gallery data sets only (the Gaussian and the uniform square are sources, not targets). */
const TARGETS = DATASET_NAMES.filter((n) => n !== 'normal' && n !== 'uniform') as DatasetName[];
const TARGET_LABELS = Object.fromEntries(TARGETS.map((n) => [n, DATASET_LABELS[n]])) as Record<DatasetName, string>;

export const MEMO_N_SCHEMA = {
  dataset: { kind: 'enum', default: 'moons' as DatasetName, values: TARGETS, labels: TARGET_LABELS, label: 'data set' },
  nMin: { kind: 'enum', default: '8', values: SIZE_CHOICES, labels: SIZE_LABELS, label: 'smallest n' },
  nMax: { kind: 'enum', default: '2048', values: SIZE_CHOICES, labels: SIZE_LABELS, label: 'largest n' },
  factor: { kind: 'enum', default: '4', values: ['2', '4'] as const, labels: { '2': '×2', '4': '×4' }, label: 'grid spacing' },
  steps: { kind: 'int', default: 3000, min: 50, max: 20000, step: 50, label: 'training steps per n' },
  batch: { kind: 'int', default: 256, min: 16, max: 1024, step: 16, label: 'batch size' },
  width: { kind: 'int', default: 64, min: 8, max: 256, step: 8, label: 'network width' },
  depth: { kind: 'int', default: 3, min: 1, max: 6, label: 'hidden layers' },
  lr: { kind: 'number', default: 0.003, min: 1e-4, max: 0.03, step: 1e-4, label: 'learning rate' },
  samples: { kind: 'int', default: 300, min: 50, max: 1000, step: 50, label: 'generated points per n' },
  deltaRel: { kind: 'number', default: 0.1, min: 0.01, max: 0.5, step: 0.01, label: 'δ (× data scale s)' },
  seed: { kind: 'int', default: 1, min: 0, max: 2 ** 31 - 1, label: 'seed' },
  /** The size whose points the scatter shows (the nearest finished size when this one is not). */
  show: { kind: 'enum', default: '8', values: SIZE_CHOICES, labels: SIZE_LABELS, label: 'scatter for n' },
} as const;

export type MemoNSettings = SettingsOf<typeof MEMO_N_SCHEMA>;

/** Validates/clamps a partial settings object on top of `base` (defaults when absent). */
export function cleanMemoSettings(
  partial: Partial<Record<keyof MemoNSettings, unknown>>,
  base?: MemoNSettings,
): { settings: MemoNSettings; problems: string[] } {
  return validateSettings(MEMO_N_SCHEMA, partial, base);
}

/** Solver and step count used to generate from each trained network. */
export const SAMPLING = { method: 'midpoint', steps: 40 } as const;

/**
 * The trainer's settings for one size: the book's 2D trainer on the reader's points ('drawn' target,
 * the n training points), the OT path with σ_min = 0 (whose exact minimiser is the conical closed
 * form of chapter 12), independent pairs, and the sweep's network and budget.
 */
export function trainSettingsFor(s: MemoNSettings): TrainSettings {
  return cleanSettings({
    source: 'normal',
    target: 'drawn',
    coupling: 'independent',
    path: 'ot',
    sigma: 0,
    width: s.width,
    depth: s.depth,
    activation: 'selu',
    timeFreqs: 3,
    optimizer: 'adamw',
    lr: s.lr,
    weightDecay: 0.01,
    batch: s.batch,
    samples: 50,
    solver: SAMPLING.method,
    nfe: SAMPLING.steps,
    seed: s.seed,
  }).settings;
}
