/**
 * The playground's model export in the TF.js format: the files the Model button saves load with
 * TF.js's own `tf.loadGraphModel` and predict what the trained MLP predicts, for every activation
 * and with or without time features; the playground's own reader gets the exact parameters back
 * (a fresh MLP given them predicts identically); old single-file JSON exports still load.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../../src/lib/nn/tf.ts';
import { activateAndCheck } from '../../../src/lib/nn/backend.ts';
import { VelocityMlp, type MlpConfig } from '../../../src/lib/nn/mlp.ts';
import { ACTIVATIONS } from '../../../src/lib/nn/activation-names.ts';
import { Rng } from '../../../src/lib/core/index.ts';
import { fromTfjsModel, toTfjsModel } from '../../../src/lib/engine/playground/tfjs-model.ts';
import { modelFiles, modelJson, readModelFiles, type ChosenFile } from '../../../src/widgets/playground/model-file.ts';

beforeAll(async () => {
  expect(await activateAndCheck('cpu')).toBe(true);
});

const n = 64;
const rng = new Rng(3);
const xs = Float32Array.from({ length: 2 * n }, () => 2 * rng.normal());
const ts = Float32Array.from({ length: n }, () => rng.uniform());

function predict(mlp: VelocityMlp): Float32Array {
  return tf.tidy(() => mlp.apply(tf.tensor2d(xs, [n, 2]), tf.tensor2d(ts, [n, 1])).dataSync() as Float32Array);
}

async function loadWithTfjs(json: string, bin: ArrayBuffer): Promise<Float32Array> {
  const parsed = JSON.parse(json) as { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };
  const model = await tf.loadGraphModel(
    tf.io.fromMemory({
      modelTopology: parsed.modelTopology,
      weightSpecs: parsed.weightsManifest[0].weights,
      weightData: bin,
      format: 'graph-model',
    }),
  );
  const out = tf.tidy(() => {
    const y = model.execute({ x: tf.tensor2d(xs, [n, 2]), t: tf.tensor2d(ts, [n, 1]) }, 'velocity') as tf.Tensor;
    return y.dataSync() as Float32Array;
  });
  model.dispose();
  return out;
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i])));

describe('TF.js export of the playground model', () => {
  for (const activation of ACTIVATIONS)
    for (const timeFrequencies of [0, 3]) {
      it(`${activation}, F = ${timeFrequencies}: tf.loadGraphModel predicts what the MLP predicts`, async () => {
        const config: MlpConfig = { dim: 2, width: 16, depth: 3, activation, timeFrequencies };
        const r = new Rng(11);
        const mlp = new VelocityMlp(config, () => r.uniform());
        const w = await mlp.exportWeights();
        const { json, bin } = toTfjsModel(w, 7, 'm.weights.bin');
        const want = predict(mlp);
        const got = await loadWithTfjs(json, bin);
        expect(got).toHaveLength(2 * n);
        // Same float32 ops in the same order; only the fused bias/activation kernel may round differently.
        expect(maxDiff(got, want)).toBeLessThan(1e-5);
        mlp.dispose();
      });
    }

  it('round-trips through the files the Model button saves: same parameters, identical predictions', async () => {
    const config: MlpConfig = { dim: 2, width: 32, depth: 3, activation: 'selu', timeFrequencies: 3 };
    const r = new Rng(5);
    const mlp = new VelocityMlp(config, () => r.uniform());
    const w = await mlp.exportWeights();
    const files: ChosenFile[] = await Promise.all(
      modelFiles(1234, w).map(async (f) => ({ name: f.name, bytes: await f.blob.arrayBuffer() })),
    );
    expect(files.map((f) => f.name)).toEqual(['playground-model-step1234.json', 'playground-model-step1234.weights.bin']);
    const got = readModelFiles(files);
    if ('problem' in got) throw new Error(got.problem);
    expect(got.step).toBe(1234);
    expect(got.weights.config).toEqual(config);
    expect(got.weights.shapes).toEqual(w.shapes);
    expect(Array.from(got.weights.data)).toEqual(Array.from(w.data));
    const again = new VelocityMlp(config, () => 0.5);
    again.importWeights(got.weights);
    expect(Array.from(predict(again))).toEqual(Array.from(predict(mlp)));
    // The JSON alone (shard missing), a shard too short, and an old single-file export.
    expect(readModelFiles([files[0]])).toEqual({ problem: expect.stringMatching(/weights\.bin.* is missing/) });
    expect(readModelFiles([files[0], { name: files[1].name, bytes: files[1].bytes.slice(0, 100) }])).toEqual({
      problem: expect.stringMatching(/shorter than the manifest/),
    });
    const old = readModelFiles([{ name: 'old.json', bytes: new TextEncoder().encode(modelJson(9, w)).buffer }]);
    if ('problem' in old) throw new Error(old.problem);
    expect(old.step).toBe(9);
    expect(Array.from(old.weights.data)).toEqual(Array.from(w.data));
    mlp.dispose();
    again.dispose();
  });

  it('rejects what is not a playground export, with a reason', () => {
    const w = {
      config: { dim: 2, width: 16, depth: 3, activation: 'selu', timeFrequencies: 3 } as MlpConfig,
      shapes: [[9, 2], [2]],
      data: new Float32Array(20),
    };
    const { json } = toTfjsModel(w, 0, 'a.bin');
    const o = JSON.parse(json) as Record<string, unknown>;
    expect(fromTfjsModel({ ...o, userDefinedMetadata: {} }, new Map())).toEqual({
      problem: expect.stringMatching(/not a playground model/),
    });
    expect(fromTfjsModel({ ...o, weightsManifest: [] }, new Map())).toEqual({ problem: 'the model.json lists no weight files' });
    expect(readModelFiles([])).toEqual({ problem: expect.stringMatching(/choose one model \.json/) });
  });
});
