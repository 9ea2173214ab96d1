/**
 * A square plotting window for a 2D point cloud (pure): centred on the midrange of the central
 * 99% of the points, wide enough for that central part plus a margin, so one stray point does
 * not shrink the picture. Points are n × 2, row-major.
 */
export function squareWindow(points: ArrayLike<number>, n: number, margin = 0.08): { cx: number; cy: number; half: number } {
  if (n === 0) return { cx: 0, cy: 0, half: 1 };
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = points[2 * i];
    ys[i] = points[2 * i + 1];
  }
  xs.sort();
  ys.sort();
  const q = (a: Float64Array, p: number) => a[Math.min(n - 1, Math.max(0, Math.round(p * (n - 1))))];
  const [x0, x1] = [q(xs, 0.005), q(xs, 0.995)];
  const [y0, y1] = [q(ys, 0.005), q(ys, 0.995)];
  const half = Math.max(x1 - x0, y1 - y0, 1e-6) * (0.5 + margin);
  return { cx: 0.5 * (x0 + x1), cy: 0.5 * (y0 + y1), half };
}
