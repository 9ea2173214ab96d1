/**
 * `npm run first-paint:cifar`: renders the CIFAR sampler's first paint from the shipped default
 * checkpoint (public/checkpoints/index.json `default`) with our own engine — TF.js's wasm backend in
 * Node, the UNet and sampler the browser runs, at the widget's default settings
 * (src/widgets/cifar-sampler/defaults.ts) — and writes, into src/widgets/cifar-sampler/first-paint/:
 *   <checkpoint>-<first 12 hex of the weights' sha256>.png   the image grid, as the widget's canvas draws it
 *   manifest.json   checkpoint, weights sha256, training step, settings, layout, PNG size and sha256
 * Run it after every export of a new default checkpoint (test/unit/cifar/first-paint.test.ts fails
 * until it has been run). Older PNGs in the folder are removed. Takes 20–100 s on this shared 2-core machine.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { tf } from '../src/lib/nn/tf.ts';
import { activateAndCheck } from '../src/lib/nn/backend.ts';
import { loadCheckpoint } from '../src/lib/nn/checkpoint.ts';
import { UNet } from '../src/lib/nn/unet.ts';
import { sampleImages } from '../src/lib/nn/unet-sampler.ts';
import { classLabels, gridRgba, GRID_COLUMNS, type FirstPaintManifest } from '../src/lib/engine/cifar/first-paint.ts';
import { SAMPLER_DEFAULTS } from '../src/widgets/cifar-sampler/defaults.ts';
import { writeGridAsset } from './grid-asset.ts';
import { writeFormattedJson } from './write-json.ts';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = resolve(ROOT, 'src/widgets/cifar-sampler/first-paint');
const index = JSON.parse(readFileSync(resolve(ROOT, 'public/checkpoints/index.json'), 'utf8')) as {
  default: string;
  checkpoints: { name: string; conditional: boolean }[];
};
const name = index.default;
const entry = index.checkpoints.find((c) => c.name === name);
if (!entry) throw new Error(`index.json: default checkpoint ${name} is not listed`);

if (!(await activateAndCheck('wasm'))) throw new Error('the TF.js wasm backend did not start');
const t0 = performance.now();
const ck = await loadCheckpoint(resolve(ROOT, 'public/checkpoints', name));
const model = new UNet(ck.config, ck.weights);
const s = SAMPLER_DEFAULTS;
const res = await sampleImages(model, {
  n: s.count,
  nfe: s.nfe,
  solver: s.solver,
  seed: s.seed,
  labels: entry.conditional ? classLabels(s.count, s.label) : undefined,
  guidance: s.guidance,
});
// The grid as lib/viz/cifar-images.ts draws it on the widget's canvas: model space → bytes, gaps transparent.
const { rgba, width, height } = gridRgba(res.images, s.count, GRID_COLUMNS);

const engine = `TF.js ${tf.version.tfjs} ${tf.getBackend()} backend in Node (scripts/cifar-first-paint.ts)`;
const manifest: FirstPaintManifest = { ...writeGridAsset(OUT, name, ck.metadata, { rgba, width, height }, engine), settings: { ...s } };
await writeFormattedJson(resolve(OUT, 'manifest.json'), manifest);
model.dispose();
console.log(
  `first paint: ${manifest.file}, ${manifest.bytes} bytes, ${manifest.width}×${manifest.height}, step ${manifest.step}, ${((performance.now() - t0) / 1000).toFixed(1)} s on ${tf.getBackend()}`,
);
