/**
 * Seeded pseudo-random numbers for everything stochastic in the book.
 *
 * Generator: sfc32 (Chris Doty-Humphrey's "small fast counting" generator, 128 bits of state,
 * passes PractRand to large sizes), with its four state words filled by splitmix32 from the seed
 * so that nearby seeds (0, 1, 2, …) give unrelated streams. Normals use the Marsaglia polar method,
 * which produces two independent 𝒩(0, 1) variates per accepted pair; the second is cached.
 *
 * Determinism: the same seed gives the same stream on every JavaScript engine (only 32-bit integer
 * arithmetic and IEEE doubles are involved; `Math.log`/`Math.sqrt` are correctly rounded enough
 * that streams agree to the last bit in practice, and tests only compare to tolerance).
 */

/** splitmix32 step: returns the next state and a well-mixed 32-bit output. */
function splitmix32(state: number): [number, number] {
  const s = (state + 0x9e3779b9) | 0;
  let z = s;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  z ^= z >>> 15;
  return [s, z >>> 0];
}

const TWO_POW_32 = 4294967296;

/** A seeded generator: uniform, normal, integer and categorical draws; `fork()` for independent streams. */
export class Rng {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;
  private spare = 0;
  private hasSpare = false;

  /** Any finite number is a valid seed (its integer part, up to 2⁵³, is used). */
  constructor(seed: number) {
    const s = Number.isFinite(seed) ? Math.trunc(seed) : 0;
    const lo = s >>> 0;
    const hi = Math.floor(s / TWO_POW_32) >>> 0;
    let st = lo ^ Math.imul(hi, 0x85ebca6b);
    const words = [0, 0, 0, 0];
    for (let i = 0; i < 4; i++) {
      const [ns, out] = splitmix32(st);
      st = ns;
      words[i] = out;
    }
    this.setState(words[0], words[1], words[2], words[3]);
  }

  private setState(a: number, b: number, c: number, d: number): void {
    this.a = a | 0;
    this.b = b | 0;
    this.c = c | 0;
    this.d = d | 1; // d (the counter) odd: never all-zero
    this.hasSpare = false;
    for (let i = 0; i < 12; i++) this.nextUint32(); // warm-up, as recommended for sfc32
  }

  /** Next raw 32-bit unsigned integer (sfc32). */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform on [0, 1) with 32 bits of resolution. */
  uniform(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** Uniform on [lo, hi). */
  uniformIn(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** Standard normal 𝒩(0, 1) (Marsaglia polar method with a cached spare). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    this.hasSpare = true;
    return u * f;
  }

  /** Uniform integer in {0, …, n − 1} (n ≥ 1, n < 2³²); bias below 2⁻³² · n. */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Index i drawn with probability p[i] / Σp (weights need not be normalised; all ≥ 0, sum > 0). */
  categorical(p: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < p.length; i++) total += p[i];
    let u = this.uniform() * total;
    for (let i = 0; i < p.length; i++) {
      u -= p[i];
      if (u < 0) return i;
    }
    // Rounding: return the last index with positive weight.
    for (let i = p.length - 1; i >= 0; i--) if (p[i] > 0) return i;
    return p.length - 1;
  }

  /** A new generator whose stream is independent of (and does not overlap in practice with) this one. */
  fork(): Rng {
    const child = new Rng(0);
    child.setState(this.nextUint32(), this.nextUint32(), this.nextUint32(), this.nextUint32());
    return child;
  }

  /** n standard normals in a new Float64Array. */
  normals(n: number): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.normal();
    return out;
  }

  /** A uniformly random permutation of {0, …, n − 1} (Fisher–Yates). */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = p[i];
      p[i] = p[j];
      p[j] = tmp;
    }
    return p;
  }
}
