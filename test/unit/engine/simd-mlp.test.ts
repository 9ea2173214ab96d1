/**
 * The velocity MLP on generated WebAssembly SIMD kernels (nn/simd): the LEB128 encodings against the
 * specification's examples, each activation's kernel against float64 formulas over [−100, 100], the
 * whole network against the core's float64 forward pass (core/mlp-field.ts) for every activation and
 * tile shape, with and without fused multiply-add, and sampling through `generateNetwork` against
 * TF.js on the device (same end points to float32 rounding, same NFE and times, kept frames, no
 * tensor left behind).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../../src/lib/nn/tf.ts';
import { activateAndCheck } from '../../../src/lib/nn/backend.ts';
import { VelocityMlp } from '../../../src/lib/nn/mlp.ts';
import { FIXED_STEP_METHODS, Rng } from '../../../src/lib/core/index.ts';
import { mlpActivation, mlpParameterCount, mlpVelocity } from '../../../src/lib/core/mlp-field.ts';
import { sleb, uleb } from '../../../src/lib/simd/wasm-writer.ts';
import { mlpModuleBytes, RESERVED_BYTES, ROW_BLOCK, type KernelActivation } from '../../../src/lib/nn/simd/mlp-module.ts';
import { SimdMlp, simdSupport } from '../../../src/lib/nn/simd/simd-mlp.ts';
import {
  generate,
  generateAsync,
  generateNetwork,
  generateOnDevice,
  networkVelocity,
  withNetworkField,
} from '../../../src/lib/engine/train/sampling.ts';

beforeAll(async () => {
  expect(await activateAndCheck('cpu')).toBe(true);
});

describe('wasm-writer', () => {
  it('encodes LEB128 as the specification’s examples', () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(127)).toEqual([0x7f]);
    expect(uleb(128)).toEqual([0x80, 0x01]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
  });
});

describe('SIMD kernels', () => {
  it('validate here (Node 24 has WebAssembly SIMD and relaxed SIMD)', () => {
    expect(simdSupport()).toEqual({ simd: true, relaxed: true });
  });

  const ACTIVATIONS: Exclude<KernelActivation, 'none'>[] = ['relu', 'elu', 'selu', 'silu'];
  // Where the exponential's polynomial is at its worst (|r| near ln 2 / 2), near zero, and across
  // [−100, 100]: 2 400 points, a whole number of the kernel's 8-row tiles.
  const Z = Float32Array.from([
    ...Array.from({ length: 1994 }, (_, i) => -100 + (200 * i) / 1993 + (i % 7) * 1e-3),
    ...Array.from({ length: 400 }, (_, i) => -0.4 + (0.8 * i) / 399),
    ...[1e-3, 1e-5, 1e-7].flatMap((v) => [v, -v]),
  ]);

  it.each(ACTIVATIONS)('%s on [−100, 100] within 1.8·10⁻⁷ of max(|σ(z)|, 1)', async (activation) => {
    // One layer with K = 1, weight 1 and bias 0 in each of 4 columns, then its activation: o = σ(a).
    const m = Z.length;
    expect(m % ROW_BLOCK).toBe(0);
    const exact = mlpActivation(activation);
    for (const fma of [false, true]) {
      const { instance } = await WebAssembly.instantiate(mlpModuleBytes([{ k: 1, n: 4, activation }], fma));
      const ex = instance.exports as unknown as {
        mem: WebAssembly.Memory;
        layer0: (...p: number[]) => void;
        act0: (...p: number[]) => void;
      };
      ex.mem.grow(1);
      const f32 = new Float32Array(ex.mem.buffer);
      const wAt = RESERVED_BYTES,
        bAt = wAt + 16,
        aAt = bAt + 16,
        oAt = aAt + m * 4;
      f32.set([1, 1, 1, 1], wAt / 4);
      f32.set(Z, aAt / 4);
      ex.layer0(aAt, wAt, bAt, oAt, m);
      ex.act0(aAt, wAt, bAt, oAt, m);
      const out = new Float32Array(ex.mem.buffer, oAt, 4 * m);
      let worst = 0;
      for (let i = 0; i < m; i++) {
        const want = exact(Z[i]);
        for (let c = 0; c < 4; c++) worst = Math.max(worst, Math.abs(out[4 * i + c] - want) / Math.max(Math.abs(want), 1));
      }
      // Relative to max(|σ|, 1): eᶻ − 1 near z = 0 is computed from eᶻ (no expm1), so there only an
      // absolute error is meaningful. Float32 rounding bounds this: the kernels reach 1.3·10⁻⁷ (SELU;
      // FMA or not); with the degree-6 polynomial instead of 7 the worst was 2.3·10⁻⁷.
      expect(worst, `fma ${fma}`).toBeLessThan(1.8e-7);
    }
  });

  it.each([
    ['selu', 64, 3, 3],
    ['silu', 64, 2, 0],
    ['relu', 24, 2, 1],
    ['elu', 72, 3, 2],
    ['selu', 8, 1, 0],
  ] as const)(
    'the %s MLP %i wide × %i deep (%i frequencies) matches the core’s float64 forward pass',
    async (activation, width, depth, F) => {
      const config = { dim: 2, width, depth, activation, timeFrequencies: F };
      const rng = new Rng(width + depth);
      const data = Float32Array.from({ length: mlpParameterCount(config) }, () => (rng.uniform() - 0.5) * 1.2);
      const reference = mlpVelocity({ config, data });
      for (const fma of [false, true]) {
        const field = await SimdMlp.create({ config, data }, { fma });
        expect(field?.fma).toBe(fma);
        for (const n of [1, ROW_BLOCK + 3, 37, 400]) {
          const x = Float64Array.from({ length: 2 * n }, () => 4 * rng.normal());
          for (const t of [0, 0.37, 1]) {
            const want = new Float64Array(2 * n);
            const got = new Float64Array(2 * n);
            reference(x, t, want);
            field!.velocity(x, t, got);
            const scale = Math.max(1, ...want.map(Math.abs));
            let worst = 0;
            for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
            expect(worst / scale, `${activation} fma=${fma} n=${n} t=${t}`).toBeLessThan(3e-6);
          }
        }
      }
    },
  );
});

describe('SimdMlp', () => {
  it('keeps two networks of the same shape apart when their evaluations alternate (one shared instance)', async () => {
    const config = { dim: 2, width: 16, depth: 2, activation: 'selu', timeFrequencies: 1 };
    const rng = new Rng(3);
    const nets = [0, 1].map(() => Float32Array.from({ length: mlpParameterCount(config) }, () => rng.uniform() - 0.5));
    const fields = await Promise.all(nets.map((data) => SimdMlp.create({ config, data })));
    const x = Float64Array.from({ length: 2 * 21 }, () => rng.normal());
    for (let round = 0; round < 3; round++)
      nets.forEach((data, i) => {
        const want = new Float64Array(x.length);
        const got = new Float64Array(x.length);
        mlpVelocity({ config, data })(x, 0.5, want);
        fields[i]!.velocity(x, 0.5, got);
        got.forEach((v, q) => expect(Math.abs(v - want[q])).toBeLessThan(1e-5));
      });
  });
});

describe('generateNetwork on a CPU backend', () => {
  function setUp(timeFrequencies = 3) {
    const rng = new Rng(9);
    const net = new VelocityMlp({ dim: 2, width: 64, depth: 3, activation: 'selu', timeFrequencies }, () => rng.uniform());
    const x0 = Float64Array.from({ length: 2 * 250 }, () => rng.normal());
    return { net, x0 };
  }

  it('samples on the SIMD kernels, and agrees with TF.js on the device for every fixed-step method, both ways in time', async () => {
    for (const F of [3, 8]) {
      const { net, x0 } = setUp(F);
      // The kernels with the network's own float32 time features: what generateNetwork must have run.
      const kernels = (await SimdMlp.create(await net.exportWeights(), { timeFeatures: (t) => net.timeFeatures(t) }))!;
      for (const method of FIXED_STEP_METHODS)
        for (const [t0, t1] of [
          [0, 1],
          [0.9, 0.1],
        ]) {
          const opts = { method, steps: 12, t0, t1, trajectory: true, keep: 6 };
          const label = `${method} ${t0}→${t1} F=${F}`;
          const device = await generateOnDevice(net, 2, x0, opts);
          const simd = await generateNetwork(net, 2, x0, opts);
          expect(simd.sampler).toBe('simd-fma');
          expect(simd.x, label).toEqual(generate(kernels.velocity, x0, opts).x);
          expect(simd.nfe).toBe(device.nfe);
          expect(simd.times).toEqual(device.times);
          let worst = 0;
          for (let i = 0; i < x0.length; i++) worst = Math.max(worst, Math.abs(simd.x[i] - device.x[i]));
          expect(worst, label).toBeLessThan(1e-4);
          expect(simd.trajectory!.map((f) => f.length)).toEqual(device.trajectory!.map(() => 12));
          simd.trajectory!.forEach((frame, k) =>
            frame.forEach((v, i) => expect(Math.abs(v - device.trajectory![k][i])).toBeLessThan(1e-4)),
          );
        }
      net.dispose();
    }
  });

  it('runs Dopri5 through the core to the same end points as TF.js read back per evaluation, and leaves no tensor behind', async () => {
    const { net, x0 } = setUp();
    await generateNetwork(net, 2, x0, { method: 'euler', steps: 2 });
    const before = tf.memory().numTensors;
    const opts = { method: 'dopri5', steps: 10, trajectory: true, keep: 4 } as const;
    const r = await generateNetwork(net, 2, x0, opts);
    const reference = await generateAsync(networkVelocity(net, 2), x0, opts);
    expect(r.sampler).toBe('simd-fma');
    let worst = 0;
    for (let i = 0; i < x0.length; i++) worst = Math.max(worst, Math.abs(r.x[i] - reference.x[i]));
    expect(worst).toBeLessThan(1e-3);
    expect(r.trajectory!.every((frame) => frame.length === 8)).toBe(true);
    for (let k = 0; k < 5; k++) await generateNetwork(net, 2, x0, { method: 'rk4', steps: 4, trajectory: k % 2 === 0, keep: 3 });
    expect(tf.memory().numTensors).toBe(before);
    net.dispose();
  });

  it('hands adaptive and SDE solvers the kernels as their field (withNetworkField), close to TF.js', async () => {
    const { net, x0 } = setUp();
    const kernels = (await SimdMlp.create(await net.exportWeights(), { timeFeatures: (t) => net.timeFeatures(t) }))!;
    const before = tf.memory().numTensors;
    for (const t of [0, 0.37, 1]) {
      const got = new Float64Array(x0.length);
      const want = new Float64Array(x0.length);
      const viaTf = new Float64Array(x0.length);
      await withNetworkField(net, 2, async (field) => field(x0, t, got));
      kernels.velocity(x0, t, want);
      await networkVelocity(net, 2)(x0, t, viaTf);
      expect(got, `t = ${t}`).toEqual(want);
      let worst = 0;
      for (let i = 0; i < x0.length; i++) worst = Math.max(worst, Math.abs(got[i] - viaTf[i]));
      expect(worst, `t = ${t}`).toBeLessThan(1e-4);
    }
    expect(tf.memory().numTensors).toBe(before);
    net.dispose();
  });

  it('refuses weights that do not fit the configuration, as the core does', async () => {
    const config = { dim: 2, width: 8, depth: 1, activation: 'selu', timeFrequencies: 0 };
    await expect(SimdMlp.create({ config, data: new Float32Array(mlpParameterCount(config) - 1) })).rejects.toThrow('parameters given');
  });
});
