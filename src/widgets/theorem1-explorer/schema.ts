/** Settings of the Theorem 1 explorer: defaults and bounds in one place (URL keys `<id>.<key>`). */
import type { Schema } from '../../lib/state/settings.ts';
import {
  CLUSTER_PLAN_LABELS,
  CLUSTER_PLAN_NAMES,
  DATASET_LABELS,
  EXPLORER_TARGET_SETS,
  PATH_LABELS,
  PATH_NAMES,
} from '../../lib/core/index.ts';

/**
 * What the 2D view conditions on: the targets alone with a Gaussian source integrated out ('none'),
 * or the pairs of a plan on the two-blob example of the design-choices chapter.
 */
export const PLANE_PLANS = ['none', ...CLUSTER_PLAN_NAMES] as const;
const PLANE_PLAN_LABELS = {
  none: 'Gaussian source',
  ...Object.fromEntries(CLUSTER_PLAN_NAMES.map((k) => [k, `Blobs, ${CLUSTER_PLAN_LABELS[k].toLowerCase()}`])),
} as Readonly<Record<(typeof PLANE_PLANS)[number], string>>;

export const theorem1Schema = {
  path: { kind: 'enum', default: 'ot', values: PATH_NAMES, labels: PATH_LABELS, label: 'Path family' },
  sigma: { kind: 'number', default: 0.1, min: 0.01, max: 1, step: 0.01, label: 'σ (σₘᵢₙ for OT and VE)' },
  t: { kind: 'number', default: 0.6, min: 0, max: 1, step: 0.01, label: 't' },
  x: { kind: 'number', default: 0.4, min: -4, max: 4, label: '1D probe position' },
  k: { kind: 'int', default: 5, min: 2, max: 10, label: '1D targets K' },
  dataset: { kind: 'enum', default: '8gaussians', values: EXPLORER_TARGET_SETS, labels: DATASET_LABELS, label: '2D targets' },
  n: { kind: 'int', default: 10, min: 3, max: 24, label: '2D targets n' },
  plan: { kind: 'enum', default: 'none', values: PLANE_PLANS, labels: PLANE_PLAN_LABELS, label: '2D coupling' },
  px: { kind: 'number', default: 1.2, min: -12, max: 12, label: '2D probe x' },
  py: { kind: 'number', default: 0.6, min: -12, max: 12, label: '2D probe y' },
  seed: { kind: 'int', default: 1, min: 1, max: 9999, label: 'seed' },
} satisfies Schema;
