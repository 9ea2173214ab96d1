/**
 * The widget's first frame, computed on the main thread from cheap closed forms of the core (no
 * TF.js): target and source samples and the closed-form marginal field at time t, on the same
 * window, grid and closed-form targets the engine uses (engine/train/view.ts).
 */
import { Rng, marginalVelocity, pathWithWidth } from '../../lib/core/index.ts';
import { samplerFor } from '../../lib/engine/train/batch.ts';
import type { TrainSettings } from '../../lib/engine/train/settings.ts';
import { closedFormApplies, closedFormTargets, fieldGrid, FIELD_GRID, squareExtent } from '../../lib/engine/train/view.ts';

export interface Preview {
  source: Float64Array;
  target: Float64Array;
  field: Float64Array | null;
  extent: [number, number, number, number];
  sourceIsNoise: boolean;
}

export function computePreview(s: TrainSettings, drawn: { source?: Float64Array; target?: Float64Array }): Preview {
  const rng = new Rng(s.seed);
  const path = pathWithWidth(s.path, s.sigma);
  const sourceIsNoise = path.sided === 'one';
  const source = samplerFor(sourceIsNoise ? 'normal' : s.source, drawn.source, 'normal')(Math.min(s.samples, 1000), rng.fork());
  const targetSampler = samplerFor(s.target, drawn.target, 'moons');
  const target = targetSampler(Math.min(s.samples, 1000), rng.fork());
  const extent = squareExtent([source, target]);
  let field: Float64Array | null = null;
  if (closedFormApplies(sourceIsNoise, s.source))
    try {
      const refs = closedFormTargets(targetSampler, s.seed);
      const t = Math.min(path.tMax, Math.max(path.tMin, s.fieldT));
      field = marginalVelocity(path, fieldGrid(extent), FIELD_GRID * FIELD_GRID, t, refs, refs.length / 2, 2);
    } catch {
      field = null;
    }
  return { source, target, field, extent, sourceIsNoise };
}
