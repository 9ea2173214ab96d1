/**
 * train-cfm's drawn data sets and the page's URL (walkthrough finding 10). The sets the settings use
 * travel in the link beside the settings (shared/url-points.ts, the playground's encoder: 1/100
 * resolution, delta-coded, base64url, at most MAX_POINTS points), so a shared link opens the same
 * drawing. A link that chooses "Drawn by you" without usable points (none, too few, or damaged) is
 * never shown as moons under a "Drawn by you" label: that side goes back to its data set, and the
 * reader is told why.
 */
import { DATASET_LABELS } from '../../lib/core/index.ts';
import type { DrawnPoints } from '../../lib/engine/train/protocol.ts';
import type { TrainSettings } from '../../lib/engine/train/settings.ts';

/** Fewer drawn points than this and the samplers use the side's data set instead (engine/train/batch.ts, samplerFor). */
export const MIN_DRAWN = 3;

/** What each side shows while it has too few drawn points: the samplers' fallbacks. */
export const FALLBACK = { target: 'moons', source: 'normal' } as const;

type Side = keyof typeof FALLBACK;
type Choices = Pick<TrainSettings, 'source' | 'target'>;

const count = (pts: Float64Array | undefined) => (pts?.length ?? 0) / 2;

/** The data set a side shows while fewer than MIN_DRAWN points are drawn, by its label. */
export function fallbackLabel(side: Side): string {
  return DATASET_LABELS[FALLBACK[side]];
}

/**
 * The drawn sets the settings use, the ones a link must carry: the target when it is drawn, the
 * source when it is drawn and the path does not replace it by noise.
 */
export function drawnInUse(s: Choices, drawn: DrawnPoints, sourceIsNoise: boolean): DrawnPoints {
  const out: DrawnPoints = {};
  if (s.target === 'drawn' && drawn.target?.length) out.target = drawn.target;
  if (s.source === 'drawn' && !sourceIsNoise && drawn.source?.length) out.source = drawn.source;
  return out;
}

/** A drawn point kept to the link's resolution (1/100), so a copied link reopens exactly what is shown. */
export function toLinkResolution(v: number): number {
  return Math.round(v * 100) / 100;
}

export interface Fallback {
  key: Side;
  value: (typeof FALLBACK)[Side];
  problem: string;
}

/**
 * After a link is read: each side set to "Drawn by you" with fewer than MIN_DRAWN points goes back
 * to the data set its samplers would use anyway, with the reason for the Problems banner.
 */
export function fallbacksFor(s: Choices, drawn: DrawnPoints): Fallback[] {
  const out: Fallback[] = [];
  for (const key of ['target', 'source'] as const) {
    if (s[key] !== 'drawn') continue;
    const n = count(drawn[key]);
    if (n >= MIN_DRAWN) continue;
    const held = n === 0 ? 'holds no drawn points' : `holds only ${n} drawn point${n === 1 ? '' : 's'} (${MIN_DRAWN} are needed)`;
    out.push({
      key,
      value: FALLBACK[key],
      problem: `${key}: the link chooses “Drawn by you” but ${held}; showing ${fallbackLabel(key)} instead`,
    });
  }
  return out;
}
