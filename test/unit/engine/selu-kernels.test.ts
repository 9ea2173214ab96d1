/**
 * SELU's fused loops (nn/fused-kernels.ts) against the TF.js kernels they stand in for, bit for bit:
 * the gradient dh·σ'(z) (CfmSeluGrad, written without branches) against EluGrad, Step and the
 * products, on cpu and wasm; SELU from the ELU (CfmSeluFromElu, cpu only) against Prelu and the
 * product by λ, which is what wasm runs. Signs at random, zeros and the ELU's floor included.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { tf } from '../../../src/lib/nn/tf.ts';
import { activateAndCheck } from '../../../src/lib/nn/backend.ts';
import { useFusedKernels } from '../../../src/lib/nn/fused-kernels.ts';
import { activationBackward, seluFromElu, seluSlope } from '../../../src/lib/nn/activations.ts';
import { Rng } from '../../../src/lib/core/rng.ts';

const ROWS = 96,
  UNITS = 64;

function inputs(seed: number) {
  const rng = new Rng(seed);
  const z = new Float32Array(ROWS * UNITS).map(() => 3 * rng.normal());
  z.set([0, -0, 1e-30, -1e-30, -80, 80], 0);
  const dh = new Float32Array(ROWS * UNITS).map(() => rng.normal());
  dh.set([0, 1, -1], 0);
  return { z: tf.tensor2d(z, [ROWS, UNITS]), dh: tf.tensor2d(dh, [ROWS, UNITS]) };
}

/** Runs `f` with the fused loops on, then off; returns both results as arrays. */
function bothWays(f: () => tf.Tensor): [Float32Array, Float32Array] {
  const out: Float32Array[] = [];
  for (const on of [true, false]) {
    useFusedKernels(on);
    const t = tf.tidy(f);
    out.push(t.dataSync() as Float32Array);
    t.dispose();
  }
  return [out[0], out[1]];
}

function expectSameBits(a: Float32Array, b: Float32Array) {
  let differ = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i]) && !(a[i] === 0 && b[i] === 0)) differ++;
  expect(differ).toBe(0);
}

afterAll(async () => {
  useFusedKernels(true);
  await activateAndCheck('cpu');
});

describe('SELU fused loops', () => {
  for (const backend of ['cpu', 'wasm'] as const)
    it(`${backend}: the gradient loop gives the composite kernels' numbers`, async () => {
      expect(await activateAndCheck(backend)).toBe(true);
      const { z, dh } = inputs(5);
      const e = tf.elu(z);
      const [fused, composite] = bothWays(() => activationBackward('selu', dh, e, e, e));
      expectSameBits(fused, composite);
      tf.dispose([z, dh, e]);
    });

  it("cpu: SELU from the ELU gives Prelu's and the product's numbers, and wasm's", async () => {
    const results: Float32Array[] = [];
    // One ELU for both backends (their ELU kernels round differently).
    expect(await activateAndCheck('cpu')).toBe(true);
    const { z, dh } = inputs(6);
    dh.dispose();
    const eValues = tf.tidy(() => tf.elu(z)).dataSync() as Float32Array;
    z.dispose();
    for (const backend of ['cpu', 'wasm'] as const) {
      expect(await activateAndCheck(backend)).toBe(true);
      const e = tf.tensor2d(eValues, [ROWS, UNITS]);
      const slope = seluSlope(UNITS);
      const [fused, composite] = bothWays(() => seluFromElu(e, slope));
      expectSameBits(fused, composite);
      results.push(fused);
      tf.dispose([e, slope]);
    }
    expectSameBits(results[0], results[1]);
  });

  it('refuses a slope that does not match the units (wasm would read it as other channels)', async () => {
    expect(await activateAndCheck('wasm')).toBe(true);
    const e = tf.zeros([4, 8]);
    const slope = seluSlope(4);
    expect(() => seluFromElu(e, slope)).toThrow(RangeError);
    tf.dispose([e, slope]);
  });
});
