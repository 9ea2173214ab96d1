/** Settings of the dataset gallery: which data set is enlarged, how many points, and the seed. */
import type { Schema } from '../../lib/state/settings.ts';
import { DATASET_NAMES, type DatasetName } from '../../lib/core/index.ts';

export const datasetGallerySchema = {
  dataset: { kind: 'enum', default: '8gaussians' as DatasetName, values: DATASET_NAMES, label: 'data set' },
  n: { kind: 'int', default: 1000, min: 50, max: 5000, label: 'points per data set' },
  seed: { kind: 'int', default: 1, min: 0, max: 999999, label: 'seed' },
} satisfies Schema;
