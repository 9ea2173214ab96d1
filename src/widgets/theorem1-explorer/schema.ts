/** Settings of the Theorem 1 explorer: defaults and bounds in one place (URL keys `<id>.<key>`). */
import type { Schema } from '../../lib/state/settings.ts';
import type { DatasetName, PathName } from '../../lib/core/index.ts';

export const PATH_LABELS: Record<PathName, string> = {
  ot: 'OT (σ_min)', ve: 'VE diffusion', vp: 'VP diffusion', rectified: 'Rectified (σ = 0)',
  icfm: 'I-CFM (σ)', sb: 'Schrödinger bridge (σ)', trig: 'Trigonometric',
};
export const PATH_VALUES = Object.keys(PATH_LABELS) as PathName[];
export const TARGET_SETS = ['8gaussians', 'moons', 'circles', 'checkerboard', 'swissroll'] as const satisfies readonly DatasetName[];

export const theorem1Schema = {
  path: { kind: 'enum', default: 'ot', values: PATH_VALUES, label: 'path family' },
  sigma: { kind: 'number', default: 0.1, min: 0.01, max: 1, label: 'σ' },
  t: { kind: 'number', default: 0.6, min: 0, max: 1, label: 'time of the probe' },
  x: { kind: 'number', default: 0.4, min: -4, max: 4, label: '1D probe position' },
  k: { kind: 'int', default: 5, min: 2, max: 10, label: 'number of 1D targets' },
  dataset: { kind: 'enum', default: '8gaussians', values: TARGET_SETS, label: '2D target set' },
  n: { kind: 'int', default: 10, min: 3, max: 24, label: 'number of 2D targets' },
  px: { kind: 'number', default: 1.2, min: -12, max: 12, label: '2D probe x' },
  py: { kind: 'number', default: 0.6, min: -12, max: 12, label: '2D probe y' },
  seed: { kind: 'int', default: 1, min: 1, max: 9999, label: 'seed' },
} satisfies Schema;
