/**
 * Particle frames as the view needs them (pure): positions at any time t between solver steps,
 * trajectories re-laid path-major for drawing, and the trained network's snapshot in the same form
 * as the closed form's (frame-major), so the view, the scrubber and the CSV export treat both alike.
 */
import type { Snapshot } from '../../lib/engine/train/protocol.ts';

/** Frame-major particle positions: frames[(f·m + q)·2 + k] at times[f]. */
export interface Frames {
  times: Float64Array;
  frames: Float32Array;
  m: number;
}

/** Positions of the m particles at time t (linear between frames; clamped to the first/last). */
export function positionsAt(F: Frames, t: number): Float32Array {
  const { times, frames, m } = F;
  const n = times.length;
  const per = 2 * m;
  if (n === 0) return new Float32Array(0);
  if (n === 1 || t <= times[0]) return frames.slice(0, per);
  if (t >= times[n - 1]) return frames.slice((n - 1) * per, n * per);
  let f = 0;
  while (f < n - 2 && times[f + 1] < t) f++;
  const w = (t - times[f]) / (times[f + 1] - times[f]);
  const out = new Float32Array(per);
  const a = f * per;
  const b = (f + 1) * per;
  for (let i = 0; i < per; i++) out[i] = frames[a + i] + w * (frames[b + i] - frames[a + i]);
  return out;
}

type PathMajor = { data: Float32Array; count: number; length: number };
const pathMajorMemo = new WeakMap<Frames, Map<number, PathMajor>>();

/**
 * Up to `max` trajectories path-major (count × length points, flat pairs) for drawing. Computed once
 * per frames object: the view asks on every frame, and its trajectory layer is kept while the
 * returned array stays the same.
 */
export function pathMajor(F: Frames, max = 150): PathMajor {
  let memo = pathMajorMemo.get(F);
  if (!memo) pathMajorMemo.set(F, (memo = new Map<number, PathMajor>()));
  let out = memo.get(max);
  if (!out) memo.set(max, (out = relayPathMajor(F, max)));
  return out;
}

function relayPathMajor(F: Frames, max: number): PathMajor {
  const { times, frames, m } = F;
  const length = times.length;
  const every = Math.max(1, Math.ceil(m / max));
  const chosen: number[] = [];
  for (let q = 0; q < m; q += every) chosen.push(q);
  const data = new Float32Array(chosen.length * length * 2);
  chosen.forEach((q, c) => {
    for (let f = 0; f < length; f++) {
      data[2 * (c * length + f)] = frames[2 * (f * m + q)];
      data[2 * (c * length + f) + 1] = frames[2 * (f * m + q) + 1];
    }
  });
  return { data, count: chosen.length, length };
}

/** The network snapshot's trajectories as frames over [tMin, tMax] (the sampler's uniform steps). */
export function snapshotFrames(snap: Snapshot, tMin: number, tMax: number): Frames {
  const { trajectories, trajectoryCount: m, trajectoryLength: L } = snap;
  const times = Float64Array.from({ length: L }, (_, f) => tMin + ((tMax - tMin) * f) / Math.max(1, L - 1));
  const frames = new Float32Array(L * m * 2);
  for (let q = 0; q < m; q++)
    for (let f = 0; f < L; f++) {
      frames[2 * (f * m + q)] = trajectories[2 * (q * L + f)];
      frames[2 * (f * m + q) + 1] = trajectories[2 * (q * L + f) + 1];
    }
  return { times, frames, m };
}

/** Index of the precomputed layer frame nearest to t among those that have arrived. */
export function nearestFrame(have: readonly unknown[], t: number, tMin: number, tMax: number): number {
  const K = have.length;
  const want = Math.round(((t - tMin) / (tMax - tMin || 1)) * (K - 1));
  for (let d = 0; d < K; d++) {
    if (want - d >= 0 && have[want - d]) return want - d;
    if (want + d < K && have[want + d]) return want + d;
  }
  return -1;
}
