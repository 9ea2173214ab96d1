/**
 * Particle frames on a uniform time grid (k/(count − 1), k = 0…count − 1) and what the view reads
 * from them: the cloud at any t (linear between neighbouring frames) and the highlighted particles'
 * polylines from t = 0 up to t. The closed-form run (one frame per step) and the network's paths
 * (one per NFE step, from the worker) share this interface.
 */
export interface Frames {
  /** Frames available so far. */
  count: number;
  /** Frames the run will have when complete (count ≤ total). */
  total: number;
  n: number;
  get(k: number): ArrayLike<number>;
}

export function arrayFrames(list: Float64Array[], total: number, n: number): Frames {
  return { count: list.length, total, n, get: (k) => list[k] };
}

export function flatFrames(flat: Float32Array, count: number, n: number): Frames {
  return { count, total: count, n, get: (k) => flat.subarray(k * n * 2, (k + 1) * n * 2) };
}

/** The latest time the frames computed so far reach. */
export function reachedTime(f: Frames): number {
  return f.total > 1 ? (f.count - 1) / (f.total - 1) : 1;
}

/** The position (k, fraction) of time t on the grid, clamped to the frames computed so far. */
function locate(f: Frames, t: number): [number, number] {
  const x = Math.max(0, Math.min(t, reachedTime(f))) * (f.total - 1);
  const k = Math.min(f.count - 1, Math.floor(x));
  return [k, k < f.count - 1 ? x - k : 0];
}

/** The cloud at time t (n × 2), linear between frames. */
export function cloudAt(f: Frames, t: number): Float64Array {
  const [k, w] = locate(f, t);
  const a = f.get(k);
  const out = Float64Array.from(a);
  if (w > 0) {
    const b = f.get(k + 1);
    for (let i = 0; i < out.length; i++) out[i] += w * (b[i] - a[i]);
  }
  return out;
}

/** Polylines (flat pairs) of the particles `which` from t = 0 up to t. */
export function pathsUpTo(f: Frames, which: number[], t: number): Float64Array[] {
  const [k, w] = locate(f, t);
  return which.map((i) => {
    const len = k + 1 + (w > 0 ? 1 : 0);
    const out = new Float64Array(2 * len);
    for (let s = 0; s <= k; s++) {
      const fr = f.get(s);
      out[2 * s] = fr[2 * i];
      out[2 * s + 1] = fr[2 * i + 1];
    }
    if (w > 0) {
      const a = f.get(k),
        b = f.get(k + 1);
      out[2 * len - 2] = a[2 * i] + w * (b[2 * i] - a[2 * i]);
      out[2 * len - 1] = a[2 * i + 1] + w * (b[2 * i + 1] - a[2 * i + 1]);
    }
    return out;
  });
}

/** `count` particle indices spread over 0…n − 1 (the same particles in both panels). */
export function highlighted(n: number, count: number): number[] {
  const c = Math.max(0, Math.min(n, Math.floor(count)));
  return Array.from({ length: c }, (_, j) => Math.floor(((j + 0.5) * n) / c));
}
