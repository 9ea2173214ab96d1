/** Settings of the SDE vs ODE widget (URL keys `sde-vs-ode.<key>`): defaults and bounds in one place. */
import type { Schema } from '../../lib/state/settings.ts';

export const VIEW_FIELDS = ['exact', 'network'] as const;

export const sdeVsOdeSchema = {
  g: { kind: 'number', default: 1, min: 0, max: 3, step: 0.05, label: 'Noise level g' },
  steps: { kind: 'int', default: 200, min: 20, max: 1000, step: 10, label: 'Steps on [0, 1]' },
  particles: { kind: 'int', default: 500, min: 100, max: 2000, step: 100, label: 'Particles' },
  paths: { kind: 'int', default: 6, min: 0, max: 12, label: 'Highlighted paths' },
  t: { kind: 'number', default: 1, min: 0, max: 1, step: 0.01, label: 'Time t' },
  field: {
    kind: 'enum',
    default: 'exact',
    values: VIEW_FIELDS,
    labels: { exact: 'Closed form', network: 'Trained network' },
    label: 'Field',
  },
  trainSteps: { kind: 'int', default: 600, min: 25, max: 5000, step: 25, label: 'Training steps' },
  nfe: { kind: 'int', default: 50, min: 2, max: 200, label: 'Steps (NFE) of the sweep' },
  shift: { kind: 'number', default: 1, min: 0, max: 3, step: 0.25, label: 'Start offset δ' },
  seed: { kind: 'int', default: 1, min: 0, max: 999999, label: 'Seed' },
} satisfies Schema;
