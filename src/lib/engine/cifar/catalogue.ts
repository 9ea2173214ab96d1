/**
 * What the CIFAR engine can sample from, without TF.js: the checkpoints listed in
 * public/checkpoints/index.json (written by training/export) and the ten CIFAR-10 class names in
 * label order. Both CIFAR widgets (the sampler and memorisation) read them from here.
 */
import index from '../../../../public/checkpoints/index.json';

export interface CheckpointEntry {
  name: string;
  title: string;
  conditional: boolean;
  classes: number;
  parameters: number;
  bytes: number;
  method: string;
  notes?: string;
}

const parsed = index as { default: string; checkpoints: CheckpointEntry[] };
export const CHECKPOINTS: readonly CheckpointEntry[] = parsed.checkpoints;
export const DEFAULT_CHECKPOINT: string = parsed.default;

/** CIFAR-10's classes, in label order 0…9. */
export const CIFAR_CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'] as const;

/** The URL of a checkpoint folder under the site's base path (ends with '/'). */
export function checkpointUrl(base: string, name: string): string {
  return `${base.endsWith('/') ? base : `${base}/`}checkpoints/${name}/`;
}
