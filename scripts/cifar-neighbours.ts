/**
 * The memorisation widget's full-set neighbours: samples the shipped default checkpoint exactly as the
 * widget's network half does (NETWORK_RUN: 8 unconditional images per seed, Euler, 20 NFE, noise seed
 * seed + 1000) for the seeds a reader gets by pressing "New seed" from the default (1…16), with our
 * engine (TF.js wasm in Node), then has training/nearest_train.py search each image's nearest training
 * image among all 50 000 (numpy, exact float64 distances) and writes
 *   src/widgets/memorisation/full-neighbours.json
 * (the checkpoint and its weights' sha256, the settings, per seed the 8 nearest training indices and
 * distances, the same among the 256 images the site ships, and the typical gap between training images).
 * It holds indices and distances only; scripts/prepare-cifar.ts copies those images from the dataset
 * into the build. Run it after exporting a new default checkpoint (test/unit/cifar/full-neighbours.test.ts
 * fails until then). Needs /usr/bin/python3 with numpy and Pillow (scripts/ensure-python.sh) and the
 * CIFAR-10 folder: $CIFAR10_DIR or ../shared/data/cifar10.
 *
 *   node scripts/cifar-neighbours.ts [--seeds 16]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { tf } from '../src/lib/nn/tf.ts';
import { activateAndCheck } from '../src/lib/nn/backend.ts';
import { loadCheckpoint } from '../src/lib/nn/checkpoint.ts';
import { UNet } from '../src/lib/nn/unet.ts';
import { sampleImages } from '../src/lib/nn/unet-sampler.ts';
import { NETWORK_RUN } from '../src/widgets/memorisation/settings.ts';
import type { FullNeighbours } from '../src/widgets/memorisation/full-neighbours.ts';
import { writeFormattedJson } from './write-json.ts';
import { findCifarDir } from './cifar-dir.ts';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = resolve(ROOT, 'src/widgets/memorisation/full-neighbours.json');
const { values } = parseArgs({ options: { seeds: { type: 'string', default: '16' } } });
const seedCount = Number(values.seeds);
if (!Number.isInteger(seedCount) || seedCount < 1 || seedCount > 64) throw new Error('--seeds: a whole number from 1 to 64');

const data = findCifarDir(['train-labels.u8']);
if (!data) throw new Error('no CIFAR-10 folder with the training set: set $CIFAR10_DIR');

const index = JSON.parse(readFileSync(resolve(ROOT, 'public/checkpoints/index.json'), 'utf8')) as { default: string };
if (!(await activateAndCheck('wasm'))) throw new Error('the TF.js wasm backend did not start');
const ck = await loadCheckpoint(resolve(ROOT, 'public/checkpoints', index.default));
const model = new UNet(ck.config, ck.weights);
const seeds = Array.from({ length: seedCount }, (_, i) => i + 1);
const per = 32 * 32 * 3;
const samples = new Float32Array(seeds.length * NETWORK_RUN.count * per);
const t0 = performance.now();
for (const [k, seed] of seeds.entries()) {
  const { solver, nfe, count, seedOffset } = NETWORK_RUN;
  const res = await sampleImages(model, { n: count, nfe, solver, seed: seed + seedOffset });
  samples.set(res.images, k * count * per);
  console.log(`seed ${seed}: ${count} images in ${(res.ms / 1000).toFixed(1)} s`);
}
model.dispose();
const sampling = (performance.now() - t0) / 1000;

const dir = mkdtempSync(join(tmpdir(), 'cifar-neighbours-'));
try {
  const file = join(dir, 'samples.f32');
  writeFileSync(file, Buffer.from(samples.buffer));
  const t1 = performance.now();
  const py = execFileSync('/usr/bin/python3', [resolve(ROOT, 'training/nearest_train.py'), '--data', data, '--samples', file], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  const found = JSON.parse(py) as {
    trainImages: number;
    trainSha256: string;
    index: number[];
    distance: number[];
    index256: number[];
    distance256: number[];
    candidateMargin: number;
    scale: FullNeighbours['scale'];
  };
  const n = NETWORK_RUN.count;
  const out: FullNeighbours = {
    checkpoint: index.default,
    weightsSha256: (ck.metadata as { weights: { shards: { sha256: string }[] } }).weights.shards.map((s) => s.sha256),
    run: NETWORK_RUN,
    engine: `TF.js ${tf.version.tfjs} ${tf.getBackend()} backend in Node; neighbours by training/nearest_train.py (numpy, float64)`,
    trainImages: found.trainImages,
    trainSha256: found.trainSha256,
    candidateMargin: found.candidateMargin,
    scale: found.scale,
    seeds: seeds.map((seed, k) => ({
      seed,
      index: found.index.slice(k * n, (k + 1) * n),
      distance: found.distance.slice(k * n, (k + 1) * n),
      index256: found.index256.slice(k * n, (k + 1) * n),
      distance256: found.distance256.slice(k * n, (k + 1) * n),
    })),
  };
  await writeFormattedJson(OUT, out);
  console.log(
    `full-neighbours.json: ${seeds.length} seeds × ${n} images; sampling ${sampling.toFixed(0)} s, search ${((performance.now() - t1) / 1000).toFixed(0)} s; ` +
      `candidate margin ${found.candidateMargin.toFixed(3)}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
