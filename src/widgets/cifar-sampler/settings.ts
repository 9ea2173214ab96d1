/** Settings of the CIFAR sampler (URL keys `cifar-sampler.<key>`). Checkpoint names come from public/checkpoints/index.json. */
import type { Schema } from '../../lib/state/settings.ts';
import index from '../../../public/checkpoints/index.json';

export interface IndexEntry { name: string; title: string; conditional: boolean; classes: number; parameters: number; bytes: number; method: string; notes?: string }
export const CHECKPOINTS = (index as { default: string; checkpoints: IndexEntry[] }).checkpoints;
export const DEFAULT_CHECKPOINT = (index as { default: string }).default;
export const CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];

export const samplerSchema = {
  checkpoint: { kind: 'enum', default: DEFAULT_CHECKPOINT, values: CHECKPOINTS.map((c) => c.name), label: 'Checkpoint' },
  solver: { kind: 'enum', default: 'euler', values: ['euler', 'midpoint', 'heun', 'rk4'], label: 'Solver' },
  nfe: { kind: 'int', default: 20, min: 1, max: 200, label: 'Velocity evaluations (NFE)' },
  count: { kind: 'int', default: 16, min: 1, max: 16, label: 'Images' },
  seed: { kind: 'int', default: 1, min: 0, max: 999999, label: 'Seed' },
  label: { kind: 'int', default: -1, min: -1, max: 9, label: 'Class' },
  guidance: { kind: 'number', default: 2, min: 0, max: 8, label: 'Guidance scale w' },
} satisfies Schema;
