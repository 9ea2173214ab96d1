/** Settings of the path explorer (URL keys `<id>.<key>`). */
import type { Schema } from '../../lib/state/settings.ts';
import { FIXED_STEP_METHODS, ODE_METHOD_LABELS, PATH_LABELS, PATH_NAMES } from '../../lib/core/index.ts';

export const pathExplorerSchema = {
  path: { kind: 'enum', default: 'ot', values: PATH_NAMES, labels: PATH_LABELS, label: 'Path family' },
  sigma: { kind: 'number', default: 0.1, min: 0.01, max: 1, step: 0.01, label: 'σ (σₘᵢₙ for OT and VE)' },
  k: { kind: 'int', default: 5, min: 1, max: 10, label: 'Targets K' },
  /** Its slider's maximum is the current K (a value above K is read as K). */
  z: { kind: 'int', default: 4, min: 1, max: 10, label: 'Target index i (z = x₁ⁱ)' },
  x0: { kind: 'number', default: -0.8, min: -3, max: 3, step: 0.05, label: 'Source point x₀ (two-sided)' },
  t: { kind: 'number', default: 0.5, min: 0, max: 1, label: 'probe time' },
  x: { kind: 'number', default: 0.5, min: -4, max: 4, label: 'probe position' },
  solver: { kind: 'enum', default: 'rk4', values: FIXED_STEP_METHODS, labels: ODE_METHOD_LABELS, label: 'ODE solver' },
  steps: { kind: 'int', default: 20, min: 1, max: 100, label: 'Solver steps' },
  nTraj: { kind: 'int', default: 24, min: 4, max: 64, label: 'Trajectories' },
  seed: { kind: 'int', default: 1, min: 1, max: 9999, label: 'seed' },
} satisfies Schema;
