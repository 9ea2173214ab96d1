/**
 * Renders the images chapter's class grid (a row per CIFAR-10 class) from the shipped default
 * checkpoint with our own engine — TF.js's wasm backend in Node, the UNet and sampler the browser runs,
 * at the sampler's default solver, NFE, seed and guidance — and writes into
 * src/components/images/class-grid/:
 *   <checkpoint>-<first 12 hex of the weights' sha256>.png   10 rows (classes) × CLASS_GRID_PER_CLASS
 *   manifest.json   checkpoint, weights sha256, training step, settings, PNG size and sha256
 * `npm run first-paint:cifar` runs it after the first paint; run that after every export of a new
 * default checkpoint (test/unit/cifar/class-grid.test.ts fails until it has been run).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { tf } from '../src/lib/nn/tf.ts';
import { activateAndCheck } from '../src/lib/nn/backend.ts';
import { loadCheckpoint } from '../src/lib/nn/checkpoint.ts';
import { UNet } from '../src/lib/nn/unet.ts';
import { sampleImages } from '../src/lib/nn/unet-sampler.ts';
import { gridRgba } from '../src/lib/engine/cifar/first-paint.ts';
import { CLASS_GRID_PER_CLASS, rowLabels, type ClassGridManifest } from '../src/lib/engine/cifar/class-grid.ts';
import { SAMPLER_DEFAULTS } from '../src/widgets/cifar-sampler/defaults.ts';
import { writeGridAsset } from './grid-asset.ts';
import { writeFormattedJson } from './write-json.ts';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = resolve(ROOT, 'src/components/images/class-grid');
const index = JSON.parse(readFileSync(resolve(ROOT, 'public/checkpoints/index.json'), 'utf8')) as {
  default: string;
  checkpoints: { name: string; conditional: boolean; classes: number }[];
};
const name = index.default;
const entry = index.checkpoints.find((c) => c.name === name);
if (!entry) throw new Error(`index.json: default checkpoint ${name} is not listed`);
if (!entry.conditional) throw new Error(`checkpoint ${name} is not class-conditional: a row per class needs class labels`);

if (!(await activateAndCheck('wasm'))) throw new Error('the TF.js wasm backend did not start');
const t0 = performance.now();
const ck = await loadCheckpoint(resolve(ROOT, 'public/checkpoints', name));
const model = new UNet(ck.config, ck.weights);
const { solver, nfe, seed, guidance } = SAMPLER_DEFAULTS;
const settings = { solver, nfe, seed, guidance, perClass: CLASS_GRID_PER_CLASS, classes: entry.classes };
const n = settings.perClass * settings.classes;
const res = await sampleImages(model, { n, nfe, solver, seed, labels: rowLabels(settings.perClass, settings.classes), guidance });
model.dispose();
const { rgba, width, height } = gridRgba(res.images, n, settings.perClass);

const engine = `TF.js ${tf.version.tfjs} ${tf.getBackend()} backend in Node (scripts/cifar-class-grid.ts)`;
const manifest: ClassGridManifest = { ...writeGridAsset(OUT, name, ck.metadata, { rgba, width, height }, engine), settings };
await writeFormattedJson(resolve(OUT, 'manifest.json'), manifest);
console.log(
  `class grid: ${manifest.file}, ${manifest.bytes} bytes, ${manifest.width}×${manifest.height}, step ${manifest.step}, ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);
