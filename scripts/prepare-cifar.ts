/**
 * Build-time data for the memorisation widget: the first 256 CIFAR-10 training images (uint8 NHWC,
 * 786 432 bytes) and their labels, copied from the dataset folder when it is present:
 *   public/data/cifar10-train-256.u8    256 × 32 × 32 × 3 uint8
 *   public/data/cifar10-train-256.json  { count, labels, classes, sha256, source }
 * and the JPEG bytes of the training images src/widgets/memorisation/full-neighbours.json names (the
 * network samples' nearest among all 50 000), when the folder has the JPEG pack train-jpg.{bin,idx}:
 *   public/data/cifar10-neighbours.jpg   the JPEG files concatenated, in increasing index order
 *   public/data/cifar10-neighbours.json  { indices, offsets, source }
 * The dataset folder is $CIFAR10_DIR, the first argument, or ../shared/data/cifar10 (this project's
 * machines) or ./data/cifar10 (training/download_cifar10.py's default), whichever exists. It reads
 * fixture-256.u8 (or the first 256 images of train.u8). public/data/ is git-ignored: the dataset is
 * never committed. Without a dataset this prints how to get one and exits 0, so the build goes on
 * and the widget explains what is missing.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FullNeighbours, NeighbourPack } from '../src/widgets/memorisation/full-neighbours.ts';
import { cifarCandidates, findCifarDir } from './cifar-dir.ts';

const ROOT = resolve(import.meta.dirname, '..');
const COUNT = 256;
const BYTES = 32 * 32 * 3;
const CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];

const candidates = cifarCandidates(process.argv[2]);
const dir = findCifarDir(['fixture-256.u8', 'train.u8'], process.argv[2]);
const outDir = resolve(ROOT, 'public/data');

if (!dir) {
  console.warn(
    `[prepare-cifar] no CIFAR-10 folder found (looked in: ${candidates.join(', ')}).\n` +
      '  The memorisation widget will explain how to get the data. To fetch it: ' +
      '/usr/bin/python3 training/download_cifar10.py --out data/cifar10, then run this again.',
  );
  process.exit(0);
}

let images: Buffer;
let labels: Buffer;
if (existsSync(resolve(dir, 'fixture-256.u8'))) {
  images = readFileSync(resolve(dir, 'fixture-256.u8'));
  labels = readFileSync(resolve(dir, 'fixture-256-labels.u8'));
} else {
  images = readFileSync(resolve(dir, 'train.u8')).subarray(0, COUNT * BYTES);
  labels = readFileSync(resolve(dir, 'train-labels.u8')).subarray(0, COUNT);
}
if (images.length !== COUNT * BYTES || labels.length !== COUNT) {
  console.error(`[prepare-cifar] ${dir}: expected ${COUNT} images and labels, got ${images.length / BYTES} and ${labels.length}`);
  process.exit(1);
}
mkdirSync(outDir, { recursive: true });
writeFileSync(resolve(outDir, 'cifar10-train-256.u8'), images);
const meta = {
  count: COUNT,
  shape: [COUNT, 32, 32, 3],
  layout: 'uint8 NHWC',
  labels: Array.from(labels),
  classes: CLASSES,
  sha256: createHash('sha256').update(images).digest('hex'),
  source: 'CIFAR-10 training set, first 256 images in official order (Krizhevsky, Nair & Hinton 2009)',
};
writeFileSync(resolve(outDir, 'cifar10-train-256.json'), JSON.stringify(meta) + '\n');
console.log(`[prepare-cifar] wrote public/data/cifar10-train-256.{u8,json} from ${dir}`);

// The network samples' nearest training images among all 50 000 (src/widgets/memorisation/
// full-neighbours.json, searched offline): their JPEG bytes, copied as stored in the dataset's pack.
const neighbours = JSON.parse(readFileSync(resolve(ROOT, 'src/widgets/memorisation/full-neighbours.json'), 'utf8')) as FullNeighbours;
if (existsSync(resolve(dir, 'train-jpg.bin')) && existsSync(resolve(dir, 'train-jpg.idx'))) {
  const pack = readFileSync(resolve(dir, 'train-jpg.bin'));
  const idx = readFileSync(resolve(dir, 'train-jpg.idx'));
  const offset = (i: number) => idx.readUInt32LE(4 * i);
  const indices = [...new Set(neighbours.seeds.flatMap((e) => e.index))].sort((a, b) => a - b);
  if (
    idx.length !== 4 * (neighbours.trainImages + 1) ||
    indices.some((i) => !Number.isInteger(i) || i < 0 || i >= neighbours.trainImages)
  ) {
    console.error(
      `[prepare-cifar] ${dir}: the training pack does not have the ${neighbours.trainImages} images full-neighbours.json refers to`,
    );
    process.exit(1);
  }
  const parts = indices.map((i) => pack.subarray(offset(i), offset(i + 1)));
  const offsets = [0];
  for (const part of parts) offsets.push(offsets.at(-1)! + part.length);
  writeFileSync(resolve(outDir, 'cifar10-neighbours.jpg'), Buffer.concat(parts));
  const packMeta: NeighbourPack & { source: string } = { indices, offsets, source: 'CIFAR-10 training images (JPEG pack), by index' };
  writeFileSync(resolve(outDir, 'cifar10-neighbours.json'), JSON.stringify(packMeta) + '\n');
  console.log(`[prepare-cifar] wrote public/data/cifar10-neighbours.{jpg,json}: ${indices.length} images, ${offsets.at(-1)} bytes`);
} else {
  for (const f of ['cifar10-neighbours.jpg', 'cifar10-neighbours.json']) rmSync(resolve(outDir, f), { force: true });
  console.warn(`[prepare-cifar] ${dir} has no train-jpg.{bin,idx}: the memorisation widget searches the 256 shipped images only`);
}
