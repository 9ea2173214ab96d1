/**
 * The 2D toy datasets of the flow-matching literature, each with its published parameters.
 *
 * The reference definitions were read in the original sources (facts only, our own code):
 * - TorchCFM `torchcfm/utils.py` (Tong et al.): `sample_8gaussians(n)` = `eight_normal_sample(n, 2,
 *   scale=5, var=0.1)`: 8 centres on the circle of radius 5 at angles k·45°, equal weights, noise
 *   from `MultivariateNormal(0, √var · I)`. The second argument of torch's MultivariateNormal is
 *   the covariance, so the covariance is √0.1 · I and the per-coordinate std is 0.1^(1/4) ≈ 0.562.
 *   `sample_moons(n)` = torchdyn `generate_moons(n, noise=0.2)` · 3 − 1.
 * - torchdyn `generate_moons(n, noise)`: outer arc (cos θ, sin θ), inner arc (1 − cos θ, 0.5 − sin θ)
 *   for θ on an even grid of [0, π] (n/2 points each), then ONE uniform draw u ~ U[0, noise) per
 *   point added to BOTH coordinates (numpy `rand(n, 1)` broadcast) — not Gaussian noise.
 * - Tong et al.'s runner (`runner/src/datamodules/distribution_datamodule.py`): 'gaussians' =
 *   torchdyn `generate_gaussians(n_gaussians=8, radius=5, std_gaussians=1)` (centres 5·(cos, sin) of
 *   2πk/8, std 1); 'moons' = sklearn `make_moons(noise=0.05)` · 2, then x −= 1; 'scurve' = sklearn
 *   `make_s_curve(noise=0.05)` columns 0 and 2, · 1.5.
 * - FFJORD `lib/toy_data.py` (Grathwohl et al.): swissroll = sklearn `make_swiss_roll(noise=1.0)`
 *   columns 0 and 2, / 5; circles = sklearn `make_circles(factor=0.5, noise=0.08)` · 3; rings = four
 *   circles of radii 1, 0.75, 0.5, 0.25 (n/4 points each, even angle grids) · 3 plus 𝒩(0, 0.08²);
 *   pinwheel (5 arms, radial std 0.3, tangential std 0.1, rate 0.25, · 2); 2spirals; checkerboard.
 * - sklearn: `make_moons`: arcs as above with Gaussian noise of std `noise` per coordinate;
 *   `make_s_curve`: t = 3π(u − ½), (sin t, 2v, sign(t)(cos t − 1)) + 𝒩(0, noise²) per coordinate;
 *   `make_swiss_roll`: t = 1.5π(1 + 2u), (t cos t, 21v, t sin t) + 𝒩(0, noise²); `make_circles`:
 *   outer unit circle and inner circle of radius `factor`, n/2 points each, + 𝒩(0, noise²).
 *
 * Deviation common to all of them (deliberate, documented): the references put points on an EVEN
 * grid of angles/parameters and split n into equal class counts (then shuffle); we draw every
 * point i.i.d. from the limiting distribution (parameter uniform on its interval, class chosen
 * uniformly), so any n gives an exchangeable sample of the same distribution. Everything else
 * (scales, offsets, noise laws including torchdyn's uniform diagonal noise) is as published.
 */
import type { Rng } from './rng.ts';
import { gaussianMixture, standardNormal, uniformBox, type Distribution } from './distributions.ts';

/** Identifiers of the 2D datasets, in display order: the one list of them. */
export const DATASET_NAMES = [
  'normal',
  'uniform',
  '8gaussians',
  'moons',
  'tong-gaussians',
  'tong-moons',
  'scurve',
  'swissroll',
  'circles',
  'rings',
  'pinwheel',
  '2spirals',
  'checkerboard',
] as const;

export type DatasetName = (typeof DATASET_NAMES)[number];

/** A 2D dataset: how to show it, where it comes from, a sampler and (when it has one) a density. */
export interface DatasetSpec {
  label: string;
  description: string;
  /** The reference definition (paper/code) and its parameters. */
  source: string;
  /** n points, n × 2 row-major. */
  sample(n: number, rng: Rng): Float64Array;
  /** log p(xᵢ) for n points (n × 2) when the density is available in closed form. */
  logDensity?: (x: Float64Array, n: number) => Float64Array;
}

/** Builds a dataset from a per-point generator writing (x, y) into out[2i], out[2i+1]. */
function pointwise(gen: (rng: Rng, out: Float64Array, i: number) => void): (n: number, rng: Rng) => Float64Array {
  return (n, rng) => {
    const out = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) gen(rng, out, i);
    return out;
  };
}

/** Centres r·(cos θₖ, sin θₖ), θₖ = 2πk/8, k = 0…7 (the same set as TorchCFM's list of 8 unit vectors). */
function circleCentres(r: number, k: number): Float64Array {
  const c = new Float64Array(2 * k);
  for (let j = 0; j < k; j++) {
    c[2 * j] = r * Math.cos((2 * Math.PI * j) / k);
    c[2 * j + 1] = r * Math.sin((2 * Math.PI * j) / k);
  }
  return c;
}

const eightGaussians = gaussianMixture(circleCentres(5, 8), new Float64Array(8).fill(Math.pow(0.1, 0.25)), new Float64Array(8).fill(1), 2);
const tongGaussians = gaussianMixture(circleCentres(5, 8), new Float64Array(8).fill(1), new Float64Array(8).fill(1), 2);
const normal2 = standardNormal(2);
const uniform2: Distribution = uniformBox(2, -Math.sqrt(3), Math.sqrt(3));

/** One point of the sklearn/torchdyn two-moons curve at parameter θ ∈ [0, π], arm 0 (outer) or 1 (inner). */
function moonPoint(theta: number, arm: number): [number, number] {
  return arm === 0 ? [Math.cos(theta), Math.sin(theta)] : [1 - Math.cos(theta), 1 - Math.sin(theta) - 0.5];
}

/** Checkerboard (FFJORD): 8 unit squares of the 4 × 4 board on [−2, 2]², alternating, then × 2. */
function checkerboardLogDensity(x: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = x[2 * i] / 2;
    const v = x[2 * i + 1] / 2;
    if (u < -2 || u >= 2 || v < -2 || v >= 2) {
      out[i] = -Infinity;
      continue;
    }
    const parityU = ((Math.floor(u) % 2) + 2) % 2;
    const parityV = ((Math.floor(v) % 2) + 2) % 2;
    // Filled cells: v ∈ [k, k+1) with k ∈ {−2, 0} when ⌊u⌋ even, k ∈ {−1, 1} when ⌊u⌋ odd.
    out[i] = parityU === parityV ? -Math.log(32) : -Infinity; // 8 squares of area 4 after scaling
  }
  return out;
}

/** All 2D datasets, keyed by id (every name of DATASET_NAMES has exactly one entry). */
export const DATASETS: Record<DatasetName, DatasetSpec> = {
  normal: {
    label: 'Gaussian 𝒩(0, I)',
    description: 'The standard normal in the plane: the usual source p₀.',
    source: 'standard normal',
    sample: (n, rng) => normal2.sample(n, rng),
    logDensity: normal2.logDensity,
  },
  uniform: {
    label: 'Uniform square',
    description: 'Uniform on the square [−√3, √3]² (mean 0, variance 1 per coordinate).',
    source: 'uniform on [−√3, √3]²',
    sample: (n, rng) => uniform2.sample(n, rng),
    logDensity: uniform2.logDensity,
  },
  '8gaussians': {
    label: '8 Gaussians',
    description: 'Eight Gaussians on a circle of radius 5, per-coordinate std ∜0.1 ≈ 0.56.',
    source: 'TorchCFM sample_8gaussians: eight_normal_sample(n, 2, scale=5, var=0.1); covariance √0.1·I',
    sample: (n, rng) => eightGaussians.sample(n, rng),
    logDensity: eightGaussians.logDensity,
  },
  moons: {
    label: 'Two moons (TorchCFM)',
    description: 'Two interleaved half circles, scaled by 3 and shifted by −1, with uniform noise along the diagonal.',
    source: 'TorchCFM sample_moons: torchdyn generate_moons(n, noise=0.2) · 3 − 1 (u ~ U[0, 0.2) added to both coordinates)',
    sample: pointwise((rng, out, i) => {
      const arm = rng.int(2);
      const [px, py] = moonPoint(Math.PI * rng.uniform(), arm);
      const u = 0.2 * rng.uniform();
      out[2 * i] = (px + u) * 3 - 1;
      out[2 * i + 1] = (py + u) * 3 - 1;
    }),
  },
  'tong-gaussians': {
    label: '8 Gaussians (Tong et al. runner)',
    description: 'Eight Gaussians of std 1 on a circle of radius 5.',
    source: 'Tong et al. runner "gaussians": torchdyn generate_gaussians(n_gaussians=8, radius=5, std_gaussians=1)',
    sample: (n, rng) => tongGaussians.sample(n, rng),
    logDensity: tongGaussians.logDensity,
  },
  'tong-moons': {
    label: 'Two moons (Tong et al. runner)',
    description: 'sklearn two moons with Gaussian noise 0.05, scaled by 2, x shifted by −1.',
    source: 'Tong et al. runner "moons": sklearn make_moons(noise=0.05) · 2, x −= 1',
    sample: pointwise((rng, out, i) => {
      const [px, py] = moonPoint(Math.PI * rng.uniform(), rng.int(2));
      out[2 * i] = (px + 0.05 * rng.normal()) * 2 - 1;
      out[2 * i + 1] = (py + 0.05 * rng.normal()) * 2;
    }),
  },
  scurve: {
    label: 'S-curve',
    description: 'The S-curve seen from the side (x and z of sklearn’s 3D S), noise 0.05, scaled by 1.5.',
    source: 'Tong et al. runner "scurve": sklearn make_s_curve(noise=0.05)[:, [0, 2]] · 1.5',
    sample: pointwise((rng, out, i) => {
      const t = 3 * Math.PI * (rng.uniform() - 0.5);
      const x = Math.sin(t) + 0.05 * rng.normal();
      const z = Math.sign(t) * (Math.cos(t) - 1) + 0.05 * rng.normal();
      out[2 * i] = 1.5 * x;
      out[2 * i + 1] = 1.5 * z;
    }),
  },
  swissroll: {
    label: 'Swiss roll',
    description: 'A spiral (the swiss roll seen from above), noise 1, scaled by 1/5.',
    source: 'FFJORD toy_data "swissroll": sklearn make_swiss_roll(noise=1.0)[:, [0, 2]] / 5',
    sample: pointwise((rng, out, i) => {
      const t = 1.5 * Math.PI * (1 + 2 * rng.uniform());
      out[2 * i] = (t * Math.cos(t) + rng.normal()) / 5;
      out[2 * i + 1] = (t * Math.sin(t) + rng.normal()) / 5;
    }),
  },
  circles: {
    label: 'Two circles',
    description: 'Concentric circles of radii 3 and 1.5, Gaussian noise 0.24.',
    source: 'FFJORD toy_data "circles": sklearn make_circles(factor=0.5, noise=0.08) · 3',
    sample: pointwise((rng, out, i) => {
      const r = rng.int(2) === 0 ? 1 : 0.5;
      const th = 2 * Math.PI * rng.uniform();
      out[2 * i] = 3 * (r * Math.cos(th) + 0.08 * rng.normal());
      out[2 * i + 1] = 3 * (r * Math.sin(th) + 0.08 * rng.normal());
    }),
  },
  rings: {
    label: 'Four rings',
    description: 'Four concentric rings of radii 3, 2.25, 1.5, 0.75 with Gaussian noise 0.08.',
    source: 'FFJORD toy_data "rings": radii (1, 0.75, 0.5, 0.25) · 3, equal counts, + 𝒩(0, 0.08²)',
    sample: pointwise((rng, out, i) => {
      const r = 3 * [1, 0.75, 0.5, 0.25][rng.int(4)];
      const th = 2 * Math.PI * rng.uniform();
      out[2 * i] = r * Math.cos(th) + 0.08 * rng.normal();
      out[2 * i + 1] = r * Math.sin(th) + 0.08 * rng.normal();
    }),
  },
  pinwheel: {
    label: 'Pinwheel',
    description: 'Five curved arms (radial std 0.3, tangential std 0.1, rate 0.25), scaled by 2.',
    source: 'FFJORD toy_data "pinwheel": 5 classes, radial_std 0.3, tangential_std 0.1, rate 0.25, · 2',
    sample: pointwise((rng, out, i) => {
      const k = rng.int(5);
      const f0 = 1 + 0.3 * rng.normal();
      const f1 = 0.1 * rng.normal();
      const ang = (2 * Math.PI * k) / 5 + 0.25 * Math.exp(f0);
      const c = Math.cos(ang);
      const s = Math.sin(ang);
      // FFJORD multiplies the row vector (f0, f1) by [[c, −s], [s, c]].
      out[2 * i] = 2 * (f0 * c + f1 * s);
      out[2 * i + 1] = 2 * (-f0 * s + f1 * c);
    }),
  },
  '2spirals': {
    label: 'Two spirals',
    description: 'Two interleaved spirals (540°), jitter U[0, 0.5), / 3, plus 𝒩(0, 0.1²).',
    source: 'FFJORD toy_data "2spirals": n = √u · 540° (rad), (−n cos n + U·0.5, n sin n + U·0.5) and its negative, / 3, + 𝒩(0, 0.1²)',
    sample: pointwise((rng, out, i) => {
      const nn = (Math.sqrt(rng.uniform()) * 540 * (2 * Math.PI)) / 360;
      let x = -Math.cos(nn) * nn + 0.5 * rng.uniform();
      let y = Math.sin(nn) * nn + 0.5 * rng.uniform();
      if (rng.int(2) === 1) {
        x = -x;
        y = -y;
      }
      out[2 * i] = x / 3 + 0.1 * rng.normal();
      out[2 * i + 1] = y / 3 + 0.1 * rng.normal();
    }),
  },
  checkerboard: {
    label: 'Checkerboard',
    description: 'Uniform on the 8 dark squares of a 4 × 4 checkerboard on [−4, 4]².',
    source: 'FFJORD toy_data "checkerboard": x₁ ~ U[−2, 2), x₂ = U[0, 1) − 2·B + (⌊x₁⌋ mod 2), B ~ Bernoulli(½), then · 2',
    sample: pointwise((rng, out, i) => {
      const x1 = 4 * rng.uniform() - 2;
      const x2 = rng.uniform() - 2 * rng.int(2) + (((Math.floor(x1) % 2) + 2) % 2);
      out[2 * i] = 2 * x1;
      out[2 * i + 1] = 2 * x2;
    }),
    logDensity: checkerboardLogDensity,
  },
};

/** Label of each dataset (for a select's options). */
export const DATASET_LABELS = Object.fromEntries(DATASET_NAMES.map((n) => [n, DATASETS[n].label])) as Readonly<Record<DatasetName, string>>;

/** n points (n × 2) of a named dataset. */
export function sampleDataset(name: DatasetName, n: number, rng: Rng): Float64Array {
  const spec = DATASETS[name];
  if (!spec) throw new Error(`unknown dataset "${name}"`);
  return spec.sample(n, rng);
}
