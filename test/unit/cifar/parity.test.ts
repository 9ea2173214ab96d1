/**
 * PyTorch → TF.js parity of the CIFAR UNet (the contract of issue 6). Golden files are written by
 * training/export_tfjs.py with float32 weights: a fixed batch x (NHWC), times t (and labels y), the
 * velocity u_t^θ(x[, y]) and a 4-step Euler rollout from t = 0 to 1 (guided, w = 2, for the
 * conditional model). TF.js runs on the CPU backend in Node and must match to relative L2
 * < 1e-4 with float32 weights and < 3e-3 with the float16 weights we ship.
 * - tiny-cond: 45k-parameter conditional UNet with attention (training/make_parity_fixtures.sh),
 *   exported as float32 and float16;
 * - the shipped checkpoint in public/checkpoints/ (float16) against its own golden files.
 */
import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { tf } from '../../../src/lib/nn/tf.ts';
import { loadCheckpoint, CheckpointError } from '../../../src/lib/nn/checkpoint.ts';
import { UNet } from '../../../src/lib/nn/unet.ts';
import { sampleImages } from '../../../src/lib/nn/unet-sampler.ts';

// wasm (TF.js's own XNNPACK kernels, float32) is ≈4× faster than the pure-JS cpu backend here; CIFAR_PARITY_BACKEND=cpu checks that one.
const BACKEND = process.env.CIFAR_PARITY_BACKEND ?? 'wasm';
const ROOT = resolve(import.meta.dirname, '../../..');
const FIX = resolve(ROOT, 'test/fixtures/cifar');
const SHIPPED = JSON.parse(readFileSync(resolve(ROOT, 'public/checkpoints/index.json'), 'utf8')) as {
  default: string;
  checkpoints: { name: string }[];
};

interface Golden {
  x: Float32Array;
  t: Float32Array;
  velocity: Float32Array;
  euler4: Float32Array;
  y: number[] | null;
  yRollout: number[] | null;
  guidance: number;
  batch: number;
}

function readGolden(name: string): Golden {
  const meta = JSON.parse(readFileSync(resolve(FIX, name, 'golden.json'), 'utf8'));
  const bin = readFileSync(resolve(FIX, name, 'golden.bin'));
  const buf = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
  const get = (n: string) => {
    const a = meta.arrays.find((q: { name: string }) => q.name === n);
    return new Float32Array(buf, a.offset, a.length);
  };
  return {
    x: get('x'),
    t: get('t'),
    velocity: get('velocity'),
    euler4: get('euler4'),
    y: meta.y,
    yRollout: meta.y_rollout,
    guidance: meta.guidance,
    batch: meta.batch,
  };
}

function relL2(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0,
    den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num / den);
}

async function check(dir: string, golden: Golden) {
  const ck = await loadCheckpoint(dir);
  const model = new UNet(ck.config, ck.weights);
  const g = golden;
  const x = tf.tensor4d(g.x, [g.batch, 32, 32, 3]);
  const t = tf.tensor1d(g.t);
  const y = g.y ? tf.tensor1d(g.y, 'int32') : undefined;
  const v = model.velocity(x, t, y);
  const one = relL2(await v.data(), g.velocity);
  tf.dispose([x, t, y, v].filter(Boolean));
  const roll = await sampleImages(model, {
    n: g.batch,
    nfe: 4,
    solver: 'euler',
    seed: 0,
    x0: g.x,
    guidance: g.guidance,
    labels: g.yRollout ? Int32Array.from(g.yRollout) : undefined,
  });
  const four = relL2(roll.images, g.euler4);
  model.dispose();
  return { one, four, params: model.numParams, bytes: ck.bytes };
}

describe(`CIFAR UNet parity, TF.js (${BACKEND}) vs PyTorch golden files`, () => {
  let before = 0;
  beforeAll(async () => {
    await import('@tensorflow/tfjs-backend-wasm');
    if (!(await tf.setBackend(BACKEND))) throw new Error(`TF.js backend ${BACKEND} unavailable`);
    await tf.ready();
    before = tf.memory().numTensors;
  });
  afterAll(() => {
    expect(tf.memory().numTensors).toBe(before);
  });

  it('tiny conditional UNet with attention, float32 weights: rel. L2 < 1e-4 (one step, 4-step Euler with guidance)', async () => {
    const r = await check(resolve(FIX, 'weights-fp32/tiny-cond'), readGolden('tiny-cond'));
    console.log(`[parity] tiny fp32: one step ${r.one.toExponential(2)}, euler4 ${r.four.toExponential(2)}`);
    expect(r.one).toBeLessThan(1e-4);
    expect(r.four).toBeLessThan(1e-4);
  });

  it('tiny conditional UNet, float16 weights: rel. L2 < 3e-3, and measurably not float32', async () => {
    const r = await check(resolve(FIX, 'weights-fp16/tiny-cond'), readGolden('tiny-cond'));
    console.log(`[parity] tiny fp16: one step ${r.one.toExponential(2)}, euler4 ${r.four.toExponential(2)}`);
    expect(r.one).toBeLessThan(3e-3);
    expect(r.four).toBeLessThan(3e-3);
    expect(r.one).toBeGreaterThan(1e-6); // the float16 rounding is really there
  });

  for (const { name } of SHIPPED.checkpoints) {
    it(`shipped checkpoint ${name} (float16): rel. L2 < 3e-3`, async () => {
      const r = await check(resolve(ROOT, 'public/checkpoints', name), readGolden(name));
      console.log(
        `[parity] ${name}: ${r.params} params, ${(r.bytes / 2 ** 20).toFixed(2)} MiB, one step ${r.one.toExponential(2)}, euler4 ${r.four.toExponential(2)}`,
      );
      expect(r.one).toBeLessThan(3e-3);
      expect(r.four).toBeLessThan(3e-3);
    });
  }

  it('a corrupted shard is rejected by its sha256', async () => {
    const { mkdtempSync, cpSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(resolve(tmpdir(), 'ckpt-'));
    cpSync(resolve(FIX, 'weights-fp16/tiny-cond'), dir, { recursive: true });
    const shard = resolve(dir, 'group1-shard1of1.bin');
    const bytes = readFileSync(shard);
    bytes[1000] ^= 0x40;
    writeFileSync(shard, bytes);
    await expect(loadCheckpoint(dir)).rejects.toThrow(CheckpointError);
    await expect(loadCheckpoint(dir)).rejects.toThrow(/sha256/);
  });

  it('the golden fixtures exist for every shipped checkpoint', () => {
    for (const { name } of SHIPPED.checkpoints) expect(existsSync(resolve(FIX, name, 'golden.json'))).toBe(true);
    expect(SHIPPED.checkpoints.map((c) => c.name)).toContain(SHIPPED.default);
  });
});
