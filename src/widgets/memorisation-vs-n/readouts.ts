/** Readout helpers of the memorisation-vs-n widget: which settings restart the sweep, and formatting. */
import type { MemoNSettings } from '../../lib/engine/memorisation-n/settings.ts';

/** Settings that change only what is shown or measured on the page (the sweep keeps running). */
export const VIEW_KEYS = ['show', 'deltaRel'] as const satisfies readonly (keyof MemoNSettings)[];

/** Settings that define the sweep (a change starts a fresh one). */
export const RESET_KEYS = [
  'dataset',
  'nMin',
  'nMax',
  'factor',
  'steps',
  'batch',
  'width',
  'depth',
  'lr',
  'samples',
  'seed',
] as const satisfies readonly (keyof MemoNSettings)[];

/** A share as a percentage ("87%", "0.3%"); a dash when not measured. */
export function pct(f: number): string {
  if (!Number.isFinite(f)) return '—';
  const p = 100 * f;
  return `${p > 0 && p < 1 ? p.toFixed(1) : p.toFixed(0)}%`;
}

/** "12 s", "3 min 5 s" (rounded to whole seconds). */
export function durationText(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}
