/**
 * Moving the probe (t, x) of a space-time view (src/lib/viz/space-time.ts) with a pointer or the
 * arrow keys: the input convention shared by the Theorem 1 explorer and the path explorer.
 */
import { spaceTimeScales } from '../../lib/viz/space-time.ts';
import { arrowStep } from './probe-input.ts';

/** The space-time probe (t, x) under a pointer on a space-time canvas of that size, clamped to [0, 1] × [−4, 4]. */
export function spaceTimeProbeAt(ev: PointerEvent, canvas: HTMLCanvasElement, width: number, height: number): { t: number; x: number } {
  const r = canvas.getBoundingClientRect();
  const { sx, sy } = spaceTimeScales(width, height);
  return { t: Math.min(1, Math.max(0, sx.inv(ev.clientX - r.left))), x: Math.min(4, Math.max(-4, sy.inv(ev.clientY - r.top))) };
}

/** The space-time probe moved by an arrow key (t by 0.01, x by 0.05, Shift five times that), or null. */
export function spaceTimeProbeKey(ev: KeyboardEvent, probe: { t: number; x: number }): { t: number } | { x: number } | null {
  const d = arrowStep(ev);
  if (!d) return null;
  return d[0] ? { t: Math.min(1, Math.max(0, probe.t + 0.01 * d[0])) } : { x: Math.min(4, Math.max(-4, probe.x + 0.05 * d[1])) };
}
