/**
 * What the 2D trainer shows, shared by the engine (session.ts, in the worker) and the widget's first
 * frame (train-cfm/preview.ts, on the page before any TF.js): the square window around the data, the
 * grid the field arrows are drawn on, the fixed target sample the closed-form field is built on, and
 * when that closed form applies at all. TF-free and DOM-free, so both sides import the same numbers.
 */
import { Rng } from '../../core/index.ts';

/** Field arrows are drawn at the centres of a FIELD_GRID × FIELD_GRID grid over the window. */
export const FIELD_GRID = 17;

/** The closed-form field (Theorem 1) is built on this many target points… */
const CLOSED_FORM_TARGETS = 512;
/** …drawn with the session's seed plus this offset, so it does not reuse the training draws. */
const CLOSED_FORM_SEED_OFFSET = 7;

/** A square window [x0, x1, y0, y1] around the given point sets (robust to a few outliers). */
export function squareExtent(sets: Float64Array[]): [number, number, number, number] {
  // A typed array sorts numerically without a comparator (a widget computes this while it hydrates).
  const mags = new Float64Array(sets.reduce((n, s) => n + s.length, 0));
  let k = 0;
  for (const s of sets) for (let i = 0; i < s.length; i++) mags[k++] = Math.abs(s[i]);
  mags.sort();
  const r = Math.max(1, (mags[Math.floor(0.995 * (mags.length - 1))] ?? 1) * 1.15);
  return [-r, r, -r, r];
}

/** The g × g cell centres of the window (flat x, y pairs), row-major in y then x. */
export function fieldGrid(extent: readonly [number, number, number, number], g = FIELD_GRID): Float64Array {
  const [x0, x1, y0, y1] = extent;
  const out = new Float64Array(g * g * 2);
  for (let j = 0; j < g; j++)
    for (let i = 0; i < g; i++) {
      out[(j * g + i) * 2] = x0 + ((i + 0.5) / g) * (x1 - x0);
      out[(j * g + i) * 2 + 1] = y0 + ((j + 0.5) / g) * (y1 - y0);
    }
  return out;
}

/**
 * Whether the core's closed form applies: it integrates out a Gaussian source, so it is the marginal
 * field of one-sided paths (which start from noise whatever source is selected) and of two-sided
 * paths that start from 𝒩(0, I) (with the independent coupling; with OT couplings it is the field
 * independent pairs would induce).
 */
export function closedFormApplies(sourceIsNoise: boolean, source: string): boolean {
  return sourceIsNoise || source === 'normal';
}

/** The fixed target sample of the closed-form field for a session seeded with `seed`. */
export function closedFormTargets(target: (n: number, rng: Rng) => Float64Array, seed: number): Float64Array {
  return target(CLOSED_FORM_TARGETS, new Rng(seed + CLOSED_FORM_SEED_OFFSET));
}
