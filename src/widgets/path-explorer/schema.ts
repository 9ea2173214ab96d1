/** Settings of the path explorer (URL keys `<id>.<key>`). */
import type { Schema } from '../../lib/state/settings.ts';
import { PATH_VALUES } from '../theorem1-explorer/schema.ts';

export const SOLVERS = ['euler', 'midpoint', 'heun', 'rk4'] as const;

export const pathExplorerSchema = {
  path: { kind: 'enum', default: 'ot', values: PATH_VALUES, label: 'path family' },
  sigma: { kind: 'number', default: 0.1, min: 0.01, max: 1, label: 'σ' },
  k: { kind: 'int', default: 5, min: 1, max: 10, label: 'number of targets' },
  z: { kind: 'int', default: 4, min: 1, max: 10, label: 'conditioning target' },
  x0: { kind: 'number', default: -0.8, min: -3, max: 3, label: 'source point of a two-sided path' },
  t: { kind: 'number', default: 0.5, min: 0, max: 1, label: 'probe time' },
  x: { kind: 'number', default: 0.5, min: -4, max: 4, label: 'probe position' },
  solver: { kind: 'enum', default: 'rk4', values: SOLVERS, label: 'ODE solver' },
  steps: { kind: 'int', default: 20, min: 1, max: 100, label: 'solver steps' },
  nTraj: { kind: 'int', default: 24, min: 4, max: 64, label: 'number of trajectories' },
  seed: { kind: 'int', default: 1, min: 1, max: 9999, label: 'seed' },
} satisfies Schema;
