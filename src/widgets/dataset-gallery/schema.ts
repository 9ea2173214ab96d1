/** Settings of the dataset gallery: which data set is enlarged, how many points, and the seed. */
import type { Schema } from '../../lib/state/settings.ts';
import { DATASET_LABELS, DATASET_NAMES } from '../../lib/core/index.ts';

export const datasetGallerySchema = {
  dataset: { kind: 'enum', default: '8gaussians', values: DATASET_NAMES, labels: DATASET_LABELS, label: 'Data set' },
  n: { kind: 'int', default: 1000, min: 50, max: 5000, step: 50, label: 'Points n' },
  seed: { kind: 'int', default: 1, min: 0, max: 999999, label: 'Seed' },
} satisfies Schema;
