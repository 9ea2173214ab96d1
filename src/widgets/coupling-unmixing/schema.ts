/** Settings of the un-mixing widget (URL keys `<id>.<key>`): chapter 6's two-blob example. */
import type { Schema } from '../../lib/state/settings.ts';
import { CLUSTER_PLAN_LABELS, CLUSTER_PLAN_NAMES, COUPLING_SHORT_LABELS } from '../../lib/core/index.ts';

/** The couplings offered: the three cluster plans, minibatch OT in batches of 4, and exact OT on all 16 + 16 points. */
export const UNMIXING_COUPLINGS = [...CLUSTER_PLAN_NAMES, 'minibatch-ot', 'exact-ot'] as const;
export type UnmixingCoupling = (typeof UNMIXING_COUPLINGS)[number];
const LABELS = {
  ...CLUSTER_PLAN_LABELS,
  'minibatch-ot': 'Minibatch OT, B = 4',
  'exact-ot': COUPLING_SHORT_LABELS['exact-ot'],
} as Readonly<Record<UnmixingCoupling, string>>;

export const unmixingSchema = {
  coupling: { kind: 'enum', default: 'bad', values: UNMIXING_COUPLINGS, labels: LABELS, label: 'Coupling' },
  sigma: { kind: 'number', default: 0.1, min: 0.02, max: 1, step: 0.01, label: 'σ (I-CFM path)' },
  m: { kind: 'int', default: 96, min: 32, max: 192, step: 16, label: 'Particles' },
  field: {
    kind: 'enum',
    default: 'exact',
    values: ['exact', 'network'],
    labels: { exact: 'Exact', network: 'Trained network' },
    label: 'Field',
  },
  pairs: { kind: 'bool', default: true, label: 'conditional pairs' },
  paths: { kind: 'bool', default: true, label: 'trajectories' },
  seed: { kind: 'int', default: 1, min: 1, max: 9999, label: 'seed' },
} satisfies Schema;

/** Training steps of the network option (batches of 256 pairs drawn from the plan). */
export const NETWORK_STEPS = 1500;
