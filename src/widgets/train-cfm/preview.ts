/**
 * The widget's first frame, computed on the main thread from cheap closed forms of the core (no
 * TF.js): target and source samples and the closed-form marginal field at time t.
 */
import { Rng, getPath, marginalVelocity } from '../../lib/core/index.ts';
import { samplerFor } from '../../lib/engine/batch.ts';
import { squareExtent } from '../../lib/engine/session.ts';
import type { TrainSettings } from '../../lib/engine/settings.ts';
import { gridPoints, type Extent } from './draw.ts';

export const FIELD_GRID = 17;

export interface Preview { source: Float64Array; target: Float64Array; field: Float64Array | null; extent: Extent; sourceIsNoise: boolean }

export function computePreview(s: TrainSettings, drawn: { source?: Float64Array; target?: Float64Array }): Preview {
  const rng = new Rng(s.seed);
  const path = getPath(s.path as Parameters<typeof getPath>[0], { sigma: s.sigma });
  const sourceIsNoise = path.sided === 'one';
  const source = samplerFor(sourceIsNoise ? 'normal' : s.source, drawn.source, 'normal')(Math.min(s.samples, 1000), rng.fork());
  const targetSampler = samplerFor(s.target, drawn.target, 'moons');
  const target = targetSampler(Math.min(s.samples, 1000), rng.fork());
  const extent = squareExtent([source, target]);
  let field: Float64Array | null = null;
  // The core's closed form integrates out a Gaussian source; for another source it does not apply.
  if (sourceIsNoise || s.source === 'normal') try {
    const refs = targetSampler(512, new Rng(s.seed + 7));
    const grid = gridPoints(extent, FIELD_GRID);
    const t = Math.min(path.tMax, Math.max(path.tMin, s.fieldT));
    field = marginalVelocity(path, grid, FIELD_GRID * FIELD_GRID, t, refs, refs.length / 2, 2);
  } catch {
    field = null;
  }
  return { source, target, field, extent, sourceIsNoise };
}
