/**
 * The network's guess of the end point, x̂₁ = E[x₁ | x_t] = α x_t + β u_t(x_t) (core/parametrisations.ts),
 * checked where E[x₁ | x_t] is known in closed form: for k target images the exact marginal velocity
 * (Theorem 1) is a posterior-weighted mean of conditional velocities, and the posterior mean of the
 * targets, Σᵢ wᵢ(x, t) x₁ⁱ, is then the exact answer. Also: the refusals, the checkpoint's path from its
 * metadata, and the tensor sampler's guesses (reusing k1, one extra evaluation at t = 1 only when
 * β(1) ≠ 0, no leaked tensor).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it, expect, beforeAll } from 'vitest';
import {
  FIXED_STEP_METHODS,
  getPath,
  marginalVelocity,
  posteriorWeights,
  predictX1,
  x1PredictionCoefficients,
  type ConditionalPath,
  type PathName,
} from '../../../src/lib/core/index.ts';
import { checkpointPath, checkpointX1Predictor } from '../../../src/lib/engine/cifar/checkpoint-path.ts';
import { tf } from '../../../src/lib/nn/tf.ts';
import { gaussianNoise, sampleImages } from '../../../src/lib/nn/unet-sampler.ts';
import type { UNet } from '../../../src/lib/nn/unet.ts';

/** Σᵢ wᵢ x₁ⁱ for one point, given its posterior weights over k targets (k·d). */
function weightedMean(w: ArrayLike<number>, targets: ArrayLike<number>, k: number, d: number): Float64Array {
  const m = new Float64Array(d);
  for (let i = 0; i < k; i++) for (let j = 0; j < d; j++) m[j] += w[i] * targets[i * d + j];
  return m;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('x̂₁ = E[x₁ | x_t] from the velocity (core)', () => {
  const d = 6,
    k = 5,
    n = 4;
  const targets = Float64Array.from(gaussianNoise(k * d, 21), (v) => 0.8 * v);
  const cases: [PathName, Record<string, number>, number[]][] = [
    ['ot', { sigmaMin: 0 }, [0, 0.3, 0.7, 0.95]],
    ['ot', { sigmaMin: 0.05 }, [0, 0.5, 0.9, 1]],
    ['rectified', {}, [0.1, 0.5, 0.9]],
    ['icfm', { sigma: 0 }, [0.2, 0.6]],
    ['trig', {}, [0.1, 0.5, 0.9]],
    ['ve', {}, [0, 0.5, 0.9, 1]],
    ['vp', {}, [0.05, 0.5, 0.9]],
  ];

  it('equals the posterior mean of the targets for the exact marginal velocity, on every path with c ≡ 0', () => {
    let worst = 0;
    for (const [name, params, times] of cases) {
      const path = getPath(name, params);
      for (const t of times) {
        const { a, b } = path.coefficients(t);
        // Points near the path at t: a·(a target) + b·noise, so that several weights matter.
        const x = new Float64Array(n * d);
        const z = gaussianNoise(n * d, 100 + Math.round(t * 100));
        for (let p = 0; p < n; p++) for (let j = 0; j < d; j++) x[p * d + j] = a * targets[(p % k) * d + j] + b * z[p * d + j];
        const u = marginalVelocity(path, x, n, t, targets, k, d);
        const got = predictX1(path, x, u, t);
        for (let p = 0; p < n; p++) {
          const xp = x.subarray(p * d, (p + 1) * d);
          const want = weightedMean(posteriorWeights(path, xp, t, targets, k, d), targets, k, d);
          const err = maxAbsDiff(got.subarray(p * d, (p + 1) * d), want);
          worst = Math.max(worst, err);
          expect(err, `${name} ${JSON.stringify(params)} t = ${t}`).toBeLessThan(1e-6);
        }
      }
    }
    console.info(`x̂₁ vs closed-form posterior mean, 7 paths, d = ${d}, k = ${k}: max |error| = ${worst.toExponential(2)}`);
  });

  it("is x + (1 − t)u for σ = 0 and s·x + (1 − s t)u on Lipman's OT path (s = 1 − σ_min)", () => {
    for (const t of [0, 0.25, 0.8, 1]) {
      expect(x1PredictionCoefficients(getPath('icfm', { sigma: 0 }), t)).toEqual({ alpha: 1, beta: 1 - t });
      const c = x1PredictionCoefficients(getPath('ot', { sigmaMin: 0.1 }), t);
      expect(c.alpha).toBeCloseTo(0.9, 14);
      expect(c.beta).toBeCloseTo(1 - 0.9 * t, 14);
    }
  });

  it('at d = 3072 (CIFAR) it matches the posterior mean of k training-like images to 1e-6', () => {
    const D = 3072,
      K = 8;
    const imgs = Float32Array.from(gaussianNoise(K * D, 5), (v) => Math.tanh(v));
    let worst = 0;
    for (const sigmaMin of [0, 0.1]) {
      const path = getPath('ot', { sigmaMin });
      for (const t of [0, 0.4, 0.9, 0.99]) {
        const x = new Float64Array(D);
        const noise = gaussianNoise(D, 7);
        // Between two images, so that the posterior is not one-hot at moderate t.
        for (let j = 0; j < D; j++) x[j] = t * 0.5 * (imgs[j] + imgs[D + j]) + (1 - (1 - sigmaMin) * t) * noise[j];
        const u = marginalVelocity(getPath('ot', { sigmaMin }), x, 1, t, imgs, K, D);
        const got = predictX1(path, x, u, t);
        const want = weightedMean(posteriorWeights(getPath('ot', { sigmaMin }), x, t, imgs, K, D), imgs, K, D);
        const err = maxAbsDiff(got, want);
        worst = Math.max(worst, err);
        expect(err, `σ_min = ${sigmaMin}, t = ${t}`).toBeLessThan(1e-6);
      }
    }
    console.info(`x̂₁ vs posterior mean at d = 3072, k = 8: max |error| = ${worst.toExponential(2)}`);
  });

  it('refuses paths with a noise term, non-finite coefficients and mismatched arrays, with the reason', () => {
    expect(() => x1PredictionCoefficients(getPath('icfm', { sigma: 0.1 }), 0.5)).toThrow(/without noise term \(c ≡ 0\)/);
    expect(() => x1PredictionCoefficients(getPath('sb', { sigma: 0.5 }), 0.5)).toThrow(/"sb"/);
    expect(() => x1PredictionCoefficients(getPath('vp'), 1)).toThrow(/not finite at t = 1/);
    expect(() => x1PredictionCoefficients(getPath('ot'), Number.NaN)).toThrow(/not a number/);
    expect(() => predictX1(getPath('rectified'), [1, 2], [1], 0.5)).toThrow(/same length/);
  });
});

describe("the checkpoint's path", () => {
  it('is read from metadata.json: the shipped checkpoint is I-CFM / OT-CFM with σ = 0, so x̂₁ = x + (1 − t)u', () => {
    const root = resolve(import.meta.dirname, '../../..');
    const index = JSON.parse(readFileSync(resolve(root, 'public/checkpoints/index.json'), 'utf8')) as { checkpoints: { name: string }[] };
    for (const { name } of index.checkpoints) {
      const meta = JSON.parse(readFileSync(resolve(root, 'public/checkpoints', name, 'metadata.json'), 'utf8'));
      const path = checkpointPath(meta);
      expect(path.name).toBe('icfm');
      expect(path.params.sigma).toBe(meta.training.recipe.sigma);
      const p = checkpointX1Predictor(meta);
      if (meta.training.recipe.sigma === 0) {
        expect(p.ok).toBe(true);
        if (p.ok) expect(p.coefficients(0.3)).toEqual({ alpha: 1, beta: 0.7 });
      } else expect(p.ok).toBe(false);
    }
  });

  it('gives a reason instead of a guess for σ > 0 or a metadata file without a recipe', () => {
    const noisy = checkpointX1Predictor({ training: { recipe: { method: 'ot', sigma: 0.1 } } });
    expect(noisy).toMatchObject({ ok: false, reason: expect.stringMatching(/c ≡ 0/) });
    expect(checkpointX1Predictor({ training: {} })).toMatchObject({ ok: false, reason: expect.stringMatching(/recipe.method/) });
    expect(checkpointX1Predictor({ training: { recipe: { method: 'icfm' } } })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/recipe.sigma/),
    });
  });
});

describe("the tensor sampler's guesses", () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });

  const size = 4,
    D = size * size * 3,
    K = 4;
  const imgs = Float32Array.from(gaussianNoise(K * D, 31), (v) => Math.tanh(v));

  /**
   * A "UNet" whose velocity is the exact marginal velocity of Lipman's OT path over K images. With
   * σ_min = 0 the field is singular at t = 1, where Heun and RK4 evaluate their last stage; there it is
   * evaluated at t = 1 − 10⁻⁶ (that stage only moves the final state, never a frame's k1, taken at t < 1).
   */
  function closedFormModel(sigmaMin: number) {
    let evaluations = 0;
    const model = {
      config: { image_size: size, in_channels: 3, num_classes: 0 },
      guidedVelocity: (x: tf.Tensor4D, t: tf.Tensor1D) => {
        evaluations += 1;
        const n = x.shape[0];
        const tt = sigmaMin === 0 ? Math.min(t.dataSync()[0], 1 - 1e-6) : t.dataSync()[0];
        const v = marginalVelocity(getPath('ot', { sigmaMin }), x.dataSync(), n, tt, imgs, K, D);
        return tf.tensor4d(Float32Array.from(v), [n, size, size, 3]);
      },
    } as unknown as UNet;
    return { model, evaluations: () => evaluations };
  }

  function posteriorMean(x: Float32Array, t: number, sigmaMin: number) {
    return weightedMean(posteriorWeights(getPath('ot', { sigmaMin }), x, t, imgs, K, D), imgs, K, D);
  }

  it("each frame's guess is the posterior mean of the targets given that frame (σ_min = 0 and 0.1, four solvers)", async () => {
    let worst = 0;
    for (const sigmaMin of [0, 0.1]) {
      const path = getPath('ot', { sigmaMin });
      for (const solver of FIXED_STEP_METHODS) {
        const { model, evaluations } = closedFormModel(sigmaMin);
        const r = await sampleImages(model, {
          n: 3,
          nfe: 8,
          solver,
          seed: 4,
          frames: true,
          frameIndex: 1,
          x1Prediction: (t) => x1PredictionCoefficients(path, t),
        });
        expect(r.frames.map((f) => f.t)).toEqual(Array.from({ length: r.steps + 1 }, (_, s) => s / r.steps));
        for (const f of r.frames) {
          expect(f.prediction).toBeInstanceOf(Float32Array);
          // σ_min = 0, t = 1: the posterior is a point mass (weights undefined at σ_1 = 0); see below.
          if (sigmaMin === 0 && f.t === 1) continue;
          const err = maxAbsDiff(f.prediction!, posteriorMean(f.image, f.t, sigmaMin));
          worst = Math.max(worst, err);
          expect(err, `σ_min = ${sigmaMin}, ${solver}, t = ${f.t}`).toBeLessThan(1e-6);
        }
        // σ_min = 0: β(1) = 0, the last guess is the sample itself, no extra evaluation. σ_min > 0: one.
        const last = r.frames.at(-1)!;
        expect(last.image).toEqual(r.images.subarray(D, 2 * D));
        if (sigmaMin === 0) expect(last.prediction).toEqual(last.image);
        expect(r.predictionEvaluations).toBe(sigmaMin === 0 ? 0 : 1);
        expect(evaluations()).toBe(r.nfe + r.predictionEvaluations);
      }
    }
    console.info(`sampler guesses vs closed-form posterior mean (float32 tensors): max |error| = ${worst.toExponential(2)}`);
  });

  it('without x1Prediction the frames carry no guess and nothing extra is evaluated', async () => {
    const { model, evaluations } = closedFormModel(0.1);
    const r = await sampleImages(model, { n: 1, nfe: 4, solver: 'euler', seed: 1, frames: true });
    expect(r.frames.every((f) => f.prediction === undefined)).toBe(true);
    expect(evaluations()).toBe(4);
    expect(r.predictionEvaluations).toBe(0);
  });

  it('tf.memory().numTensors stays flat over a run with predictions (every step, and after)', async () => {
    const { model } = closedFormModel(0.1);
    const path: ConditionalPath = getPath('ot', { sigmaMin: 0.1 });
    const before = tf.memory().numTensors;
    const during: number[] = [];
    const r = await sampleImages(model, {
      n: 2,
      nfe: 40,
      solver: 'heun',
      seed: 9,
      frames: true,
      labels: Int32Array.from([3, 7]),
      x1Prediction: (t) => x1PredictionCoefficients(path, t),
      onProgress: () => {
        during.push(tf.memory().numTensors);
      },
    });
    const after = tf.memory().numTensors;
    console.info(
      `numTensors with predictions: before ${before}, during ${Math.min(...during)}…${Math.max(...during)} (${during.length} steps), after ${after}`,
    );
    expect(r.frames).toHaveLength(21);
    expect(new Set(during).size).toBe(1);
    expect(after).toBe(before);
  });

  it('a failing guess (bad coefficients) rejects and leaks nothing', async () => {
    const { model } = closedFormModel(0.1);
    const before = tf.memory().numTensors;
    const run = sampleImages(model, {
      n: 2,
      nfe: 6,
      solver: 'rk4',
      seed: 2,
      frames: true,
      x1Prediction: (t) => {
        if (t > 0.4) throw new Error('no guess here');
        return { alpha: 1, beta: 1 - t };
      },
    });
    await expect(run).rejects.toThrow('no guess here');
    expect(tf.memory().numTensors).toBe(before);
  });
});
