/** Seeded Gaussian noise for the image sampler, without TF.js (so widgets can draw x₀ before loading it). */

/** Deterministic standard normal noise (mulberry32 + Box–Muller), identical on every backend. */
export function gaussianNoise(count: number, seed: number): Float32Array {
  let s = (seed >>> 0) ^ 0x9e3779b9;
  const uniform = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return (((z ^ (z >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  const out = new Float32Array(count);
  for (let i = 0; i < count; i += 2) {
    const r = Math.sqrt(-2 * Math.log(uniform()));
    const a = 2 * Math.PI * uniform();
    out[i] = r * Math.cos(a);
    if (i + 1 < count) out[i + 1] = r * Math.sin(a);
  }
  return out;
}
