/**
 * Settings of a CFM training session: one schema (defaults and bounds in one place, see
 * src/lib/state/settings.ts) shared by the engine, the train-cfm widget and the URL.
 * Everything is validated and clamped before it reaches the engine.
 */
import { DATASETS } from '../../core/index.ts';
import { ACTIVATIONS } from '../../nn/activation-names.ts';
import { validateSettings, type EnumField, type IntField, type NumberField, type SettingsOf, type BoolField } from '../../state/settings.ts';

const datasetNames = Object.keys(DATASETS) as string[];
/** Sources/targets: the core's datasets plus points the reader draws. */
export const DATA_CHOICES: readonly string[] = [...datasetNames, 'drawn'];

export const PATHS = ['icfm', 'ot', 'rectified', 'sb', 'vp', 've', 'trig'] as const;
export const COUPLINGS = ['independent', 'exact-ot', 'sinkhorn'] as const;
export const SOLVERS = ['euler', 'midpoint', 'heun', 'rk4'] as const;

const num = (def: number, min: number, max: number, label: string): NumberField => ({ kind: 'number', default: def, min, max, label });
const int = (def: number, min: number, max: number, label: string): IntField => ({ kind: 'int', default: def, min, max, label });
const en = <T extends string>(def: T, values: readonly T[], label: string): EnumField<T> => ({ kind: 'enum', default: def, values, label });
const bool = (def: boolean, label: string): BoolField => ({ kind: 'bool', default: def, label });

export const TRAIN_SCHEMA = {
  source: en('normal', DATA_CHOICES, 'source p₀'),
  target: en(datasetNames.includes('moons') ? 'moons' : datasetNames[0], DATA_CHOICES, 'target p₁'),
  coupling: en('exact-ot', COUPLINGS, 'coupling'),
  path: en('icfm', PATHS, 'probability path'),
  sigma: num(0.01, 0, 1, 'path width σ'),
  width: int(64, 8, 256, 'network width'),
  depth: int(3, 1, 6, 'hidden layers'),
  activation: en('selu', ACTIVATIONS, 'activation'),
  timeFreqs: int(3, 0, 8, 'time frequencies'),
  optimizer: en('adamw', ['adam', 'adamw'] as const, 'optimiser'),
  lr: num(0.003, 1e-5, 10, 'learning rate'),
  weightDecay: num(0.01, 0, 1, 'weight decay'),
  batch: int(128, 16, 2048, 'batch size'),
  stepsPerFrame: int(10, 1, 200, 'steps per frame'),
  solver: en('euler', SOLVERS, 'ODE solver'),
  nfe: int(20, 1, 200, 'solver steps'),
  samples: int(600, 50, 4000, 'samples shown'),
  closedForm: bool(false, 'closed-form field'),
  fieldT: num(0.5, 0, 1, 'arrows at time t'),
  seed: int(1, 0, 2 ** 31 - 1, 'seed'),
} as const;

export type TrainSettings = SettingsOf<typeof TRAIN_SCHEMA>;

/**
 * The keys that can change while training without rebuilding network, optimiser and data: the
 * optimiser's step size and decay, the chunk size, and everything about sampling and the view. This
 * is the only list of them: the session applies exactly these in place (`withLive`), and every other
 * key needs a fresh session (`needsReset`).
 */
export const LIVE_KEYS = ['lr', 'weightDecay', 'stepsPerFrame', 'solver', 'nfe', 'samples', 'closedForm', 'fieldT'] as const satisfies readonly (keyof TrainSettings)[];
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
export function cleanSettings(partial: Partial<Record<keyof TrainSettings, unknown>>, base?: TrainSettings): { settings: TrainSettings; problems: string[] } {
  return validateSettings(TRAIN_SCHEMA, partial, base);
}
