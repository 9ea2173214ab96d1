/**
 * Settings of the playground (chapter 13): one schema, defaults and bounds in one place, shared by
 * the widget, its URL state and the engine glue. Only non-defaults go into the URL.
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
import { CLUSTER_COUPLING_LABELS, CLUSTER_COUPLING_NAMES } from '../../core/cluster-coupling.ts';
import { MIXTURE_1D_LABELS, MIXTURE_1D_NAMES } from '../../core/mixture-path-1d.ts';
import type { Schema, SettingsOf } from '../../state/settings.ts';

export const MODES = ['2d', '1d'] as const;
const MODE_LABELS = { '2d': '2D plane', '1d': '1D space–time (exact)' } as const;

/** Sources and targets: every gallery data set, plus points the reader draws or imports. */
export const DATA_CHOICES = [...DATASET_NAMES, 'drawn'] as const;
export type DataChoice = DatasetName | 'drawn';
const DATA_LABELS: Record<DataChoice, string> = { ...DATASET_LABELS, drawn: 'Drawn / imported' };

/**
 * The couplings: the three of couplings.ts, the cluster-constrained plans of cluster-coupling.ts,
 * and reflow round k (reflow-pairs.ts: x₀ paired with the end point of round k − 1's flow). Names
 * and labels come from those catalogues; only reflow, a coupling of this widget's rounds, is
 * labelled here.
 */
export const PLAYGROUND_COUPLINGS = [...COUPLING_NAMES, ...CLUSTER_COUPLING_NAMES, 'reflow'] as const;
export type PlaygroundCoupling = (typeof PLAYGROUND_COUPLINGS)[number];
const PLAYGROUND_COUPLING_LABELS: Readonly<Record<PlaygroundCoupling, string>> = {
  ...COUPLING_LABELS,
  ...CLUSTER_COUPLING_LABELS,
  reflow: 'Reflow round k',
};

export const FIELDS = ['closed', 'network'] as const;
const FIELD_LABELS = { closed: 'Closed form (exact)', network: 'Network trained here' } as const;

export const PLAYGROUND_SCHEMA = {
  mode: { kind: 'enum', default: '2d', values: MODES, labels: MODE_LABELS, label: 'view' },
  source: { kind: 'enum', default: 'normal', values: DATA_CHOICES, labels: DATA_LABELS, label: 'source p₀' },
  target: { kind: 'enum', default: 'moons', values: DATA_CHOICES, labels: DATA_LABELS, label: 'target p₁' },
  source1d: { kind: 'enum', default: 'normal', values: MIXTURE_1D_NAMES, labels: MIXTURE_1D_LABELS, label: 'source p₀ (1D)' },
  target1d: { kind: 'enum', default: 'bimodal', values: MIXTURE_1D_NAMES, labels: MIXTURE_1D_LABELS, label: 'target p₁ (1D)' },
  n: { kind: 'int', default: 48, min: 8, max: 160, step: 2, label: 'points per set n' },
  coupling: { kind: 'enum', default: 'independent', values: PLAYGROUND_COUPLINGS, labels: PLAYGROUND_COUPLING_LABELS, label: 'coupling' },
  eta: { kind: 'number', default: 0.5, min: 0.01, max: 20, label: 'Sinkhorn η (log scale)' },
  rounds: { kind: 'int', default: 1, min: 1, max: 4, label: 'reflow round k' },
  path: { kind: 'enum', default: 'icfm', values: PATH_NAMES, labels: PATH_LABELS, label: 'path family' },
  sigma: { kind: 'number', default: 0.1, min: 0, max: 1, step: 0.01, label: 'path width σ' },
  field: { kind: 'enum', default: 'closed', values: FIELDS, labels: FIELD_LABELS, label: 'velocity field' },
  solver: { kind: 'enum', default: 'euler', values: FIXED_STEP_METHODS, labels: ODE_METHOD_LABELS, label: 'ODE solver' },
  steps: { kind: 'int', default: 40, min: 2, max: 200, label: 'solver steps' },
  particles: { kind: 'int', default: 400, min: 20, max: 2000, step: 20, label: 'particles' },
  t: { kind: 'number', default: 1, min: 0, max: 1, step: 0.005, label: 'time t' },
  speed: { kind: 'number', default: 1, min: 0.1, max: 4, step: 0.1, label: 'speed' },
  particlesOn: { kind: 'bool', default: true, label: 'particles' },
  trajectories: { kind: 'bool', default: true, label: 'trajectories' },
  arrows: { kind: 'bool', default: false, label: 'field arrows' },
  streamlines: { kind: 'bool', default: false, label: 'streamlines' },
  density: { kind: 'bool', default: true, label: 'density pₜ' },
  probe: { kind: 'bool', default: false, label: 'paths through a probe' },
  px: { kind: 'number', default: 0.5, min: -50, max: 50, label: 'probe x' },
  py: { kind: 'number', default: 0.25, min: -50, max: 50, label: 'probe y' },
  width: { kind: 'int', default: 64, min: 16, max: 256, step: 16, label: 'network width' },
  lr: { kind: 'number', default: 0.003, min: 0.0001, max: 0.03, label: 'learning rate' },
  seed: { kind: 'int', default: 1, min: 0, max: 999999, label: 'seed' },
} as const satisfies Schema;

export type PlaygroundSettings = SettingsOf<typeof PLAYGROUND_SCHEMA>;
export type PlaygroundKey = keyof PlaygroundSettings;

/** The settings that change the closed-form scene: a change to any of them recomputes it (the others only redraw). */
export const SCENE_KEYS = [
  'mode',
  'source',
  'target',
  'source1d',
  'target1d',
  'n',
  'coupling',
  'eta',
  'rounds',
  'path',
  'sigma',
  'solver',
  'steps',
  'particles',
  'seed',
] as const satisfies readonly PlaygroundKey[];
