/**
 * Distances between CIFAR images for the memorisation widget: the nearest of m reference images to
 * each query (L2 in the model's pixel space), the median of a set of distances, and the conversion
 * of the shipped uint8 training images to the model's space [-1, 1]. Plain TypeScript, no TF.js.
 */

/**
 * For each of n queries (n·d), the index of the nearest of m references (m·d) in L2 and that distance.
 * `excludeSelf`: the queries are the first n references themselves; reference p is skipped for query p.
 */
export function nearestNeighbours(
  queries: ArrayLike<number>,
  n: number,
  refs: ArrayLike<number>,
  m: number,
  d: number,
  excludeSelf = false,
): { index: Int32Array; distance: Float64Array } {
  const out = { index: new Int32Array(n), distance: new Float64Array(n) };
  for (let p = 0; p < n; p++) nearestOf(queries, p, refs, m, d, excludeSelf, out);
  return out;
}

/**
 * The same, a query at a time with `await pause()` between queries, so that a caller on the page's
 * thread can hand it back (64 queries against 256 images took one task of 45 ms on a loaded machine).
 */
export async function nearestNeighboursInSlices(
  queries: ArrayLike<number>,
  n: number,
  refs: ArrayLike<number>,
  m: number,
  d: number,
  excludeSelf: boolean,
  pause: () => Promise<void>,
): Promise<{ index: Int32Array; distance: Float64Array }> {
  const out = { index: new Int32Array(n), distance: new Float64Array(n) };
  for (let p = 0; p < n; p++) {
    nearestOf(queries, p, refs, m, d, excludeSelf, out);
    await pause();
  }
  return out;
}

/** Query p's nearest reference, written into out.index[p] and out.distance[p]. */
function nearestOf(
  queries: ArrayLike<number>,
  p: number,
  refs: ArrayLike<number>,
  m: number,
  d: number,
  excludeSelf: boolean,
  out: { index: Int32Array; distance: Float64Array },
): void {
  let best = Infinity,
    bi = -1;
  const q = p * d;
  for (let i = 0; i < m; i++) {
    if (excludeSelf && i === p) continue;
    let s = 0;
    const o = i * d;
    for (let j = 0; j < d && s < best; j++) {
      const r = queries[q + j] - refs[o + j];
      s += r * r;
    }
    if (s < best) {
      best = s;
      bi = i;
    }
  }
  out.index[p] = bi;
  out.distance[p] = Math.sqrt(best);
}

/** Median of an array (a copy is sorted). */
export function median(a: ArrayLike<number>): number {
  const s = Array.from(a).sort((x, y) => x - y);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/** uint8 NHWC images (count·d bytes) → float32 in the model's space [-1, 1]. */
export function u8ToModelSpace(u8: Uint8Array, count: number, d: number): Float32Array {
  const out = new Float32Array(count * d);
  for (let i = 0; i < count * d; i++) out[i] = u8[i] / 127.5 - 1;
  return out;
}
