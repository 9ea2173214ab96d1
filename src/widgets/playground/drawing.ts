/**
 * Drawing a point set with a pointer (pure, no DOM): a brush that sprays points in a disc of
 * radius r around the pointer (r = 0 puts single points along the stroke), an eraser that removes
 * the points within r, and an optional mirror across the vertical axis x = 0. Coordinates are the
 * data's; radii are given in data units by the caller (it converts from pixels).
 */
import { Rng } from '../../lib/core/index.ts';
import { MAX_POINTS } from '../../lib/engine/playground/points-url.ts';

/** What the pointer does on the plane: place the probe, spray points, or erase them. */
export type Tool = 'probe' | 'draw' | 'erase';

export interface Brush {
  /** Spray radius in data units (0: one point per dab). */
  radius: number;
  /** Points per dab when radius > 0. */
  perDab: number;
  mirror: boolean;
}

/** Adds one dab at (x, y) (and its mirror image); returns the grown set (unchanged at MAX_POINTS). */
export function dab(points: Float64Array, x: number, y: number, brush: Brush, rng: Rng): Float64Array {
  const k = brush.radius > 0 ? Math.max(1, brush.perDab) : 1;
  const add: number[] = [];
  for (let i = 0; i < k; i++) {
    let dx = 0;
    let dy = 0;
    if (brush.radius > 0) {
      // Uniform in the disc: radius √u·r, angle 2πv.
      const rr = brush.radius * Math.sqrt(rng.uniform());
      const a = 2 * Math.PI * rng.uniform();
      dx = rr * Math.cos(a);
      dy = rr * Math.sin(a);
    }
    add.push(x + dx, y + dy);
    if (brush.mirror) add.push(-(x + dx), y + dy);
  }
  const room = Math.max(0, 2 * MAX_POINTS - points.length);
  if (room === 0) return points;
  const grown = new Float64Array(points.length + Math.min(room, add.length));
  grown.set(points);
  grown.set(add.slice(0, room), points.length);
  return grown;
}

/** The set without the points within `radius` of (x, y) (or of its mirror image too). */
export function erase(points: Float64Array, x: number, y: number, radius: number, mirror: boolean): Float64Array {
  const keep: number[] = [];
  const r2 = radius * radius;
  for (let i = 0; i + 1 < points.length; i += 2) {
    const px = points[i];
    const py = points[i + 1];
    const near = (px - x) ** 2 + (py - y) ** 2 <= r2 || (mirror && (px + x) ** 2 + (py - y) ** 2 <= r2);
    if (!near) keep.push(px, py);
  }
  return keep.length === points.length ? points : Float64Array.from(keep);
}
