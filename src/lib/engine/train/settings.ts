/**
 * Settings of a CFM training session: one schema (defaults and bounds in one place, see
 * src/lib/state/settings.ts) shared by the engine, the train-cfm widget and the URL.
 * Everything is validated and clamped before it reaches the engine.
 */
import {
  COUPLING_LABELS,
  COUPLING_NAMES,
  DATASET_LABELS,
  DATASET_NAMES,
  FIXED_STEP_METHODS,
  ODE_METHOD_LABELS,
  PATH_LABELS,
  PATH_NAMES,
  type DatasetName,
} from '../../core/index.ts';
import { ACTIVATION_LABELS, ACTIVATIONS } from '../../nn/activation-names.ts';
import { boolField as bool, enumField as en, intField as int, numberField as num } from '../../state/schema-fields.ts';
import { validateSettings, type SettingsOf } from '../../state/settings.ts';

/** Sources/targets: the core's datasets plus points the reader draws. */
const DATA_CHOICES = [...DATASET_NAMES, 'drawn'] as const;
export type DataChoice = DatasetName | 'drawn';
const DATA_LABELS: Record<DataChoice, string> = { ...DATASET_LABELS, drawn: 'Drawn by you' };

const OPTIMIZERS = ['adam', 'adamw'] as const;
const OPTIMIZER_LABELS = { adam: 'Adam', adamw: 'AdamW' } as const;

export const TRAIN_SCHEMA = {
  source: en<DataChoice>('normal', DATA_CHOICES, DATA_LABELS, 'source p₀'),
  target: en<DataChoice>('moons', DATA_CHOICES, DATA_LABELS, 'target p₁'),
  coupling: en('exact-ot', COUPLING_NAMES, COUPLING_LABELS, 'coupling'),
  path: en('icfm', PATH_NAMES, PATH_LABELS, 'probability path'),
  sigma: num(0.01, 0, 1, 'path width σ', 0.01),
  width: int(64, 8, 256, 'network width', 8),
  depth: int(3, 1, 6, 'hidden layers'),
  activation: en('selu', ACTIVATIONS, ACTIVATION_LABELS, 'activation'),
  timeFreqs: int(3, 0, 8, 'time frequencies'),
  optimizer: en('adamw', OPTIMIZERS, OPTIMIZER_LABELS, 'optimiser'),
  lr: num(0.003, 1e-5, 10, 'learning rate'),
  weightDecay: num(0.01, 0, 1, 'weight decay', 0.01),
  batch: int(128, 16, 2048, 'batch size', 16),
  stepsPerFrame: int(10, 1, 200, 'steps per frame'),
  solver: en('euler', FIXED_STEP_METHODS, ODE_METHOD_LABELS, 'ODE solver'),
  nfe: int(20, 1, 200, 'solver steps'),
  samples: int(600, 50, 4000, 'samples shown', 50),
  closedForm: bool(false, 'closed-form field instead of the network'),
  fieldT: num(0.5, 0, 1, 'arrows at time t', 0.01),
  seed: int(1, 0, 2 ** 31 - 1, 'seed'),
} as const;

export type TrainSettings = SettingsOf<typeof TRAIN_SCHEMA>;

/**
 * The keys that can change while training without rebuilding network, optimiser and data: the
 * optimiser's step size and decay, the chunk size, and everything about sampling and the view. This
 * is the only list of them: the session applies exactly these in place (`withLive`), and every other
 * key needs a fresh session (`needsReset`).
 */
export const LIVE_KEYS = [
  'lr',
  'weightDecay',
  'stepsPerFrame',
  'solver',
  'nfe',
  'samples',
  'closedForm',
  'fieldT',
] as const satisfies readonly (keyof TrainSettings)[];
export type LiveKey = (typeof LIVE_KEYS)[number];

const isLive = (key: keyof TrainSettings): key is LiveKey => (LIVE_KEYS as readonly string[]).includes(key);

/** True when going from `a` to `b` needs a fresh session (new weights). */
export function needsReset(a: TrainSettings, b: TrainSettings): boolean {
  for (const key of Object.keys(TRAIN_SCHEMA) as (keyof TrainSettings)[]) {
    if (!isLive(key) && a[key] !== b[key]) return true;
  }
  return false;
}

/** `base` with the live keys taken from `from` (the other keys stay as they are). */
export function withLive(base: TrainSettings, from: TrainSettings): TrainSettings {
  const out = { ...base };
  for (const key of LIVE_KEYS) (out as Record<LiveKey, unknown>)[key] = from[key];
  return out;
}

/** Validates/clamps a partial settings object on top of `base` (defaults when absent). */
export function cleanSettings(
  partial: Partial<Record<keyof TrainSettings, unknown>>,
  base?: TrainSettings,
): { settings: TrainSettings; problems: string[] } {
  return validateSettings(TRAIN_SCHEMA, partial, base);
}
