/**
 * Build-time data for the memorisation widget: the first 256 CIFAR-10 training images (uint8 NHWC,
 * 786 432 bytes) and their labels, copied from the dataset folder when it is present:
 *   public/data/cifar10-train-256.u8    256 × 32 × 32 × 3 uint8
 *   public/data/cifar10-train-256.json  { count, labels, classes, sha256, source }
 * The dataset folder is $CIFAR10_DIR, the first argument, or ../shared/data/cifar10 (this project's
 * machines) or ./data/cifar10 (training/download_cifar10.py's default), whichever exists. It reads
 * fixture-256.u8 (or the first 256 images of train.u8). public/data/ is git-ignored: the dataset is
 * never committed. Without a dataset this prints how to get one and exits 0, so the build goes on
 * and the widget explains what is missing.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const COUNT = 256;
const BYTES = 32 * 32 * 3;
const CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];

const candidates = [
  process.env.CIFAR10_DIR,
  process.argv[2],
  resolve(ROOT, '../shared/data/cifar10'),
  resolve(ROOT, 'data/cifar10'),
].filter((p): p is string => Boolean(p));
const dir = candidates.find((p) => existsSync(resolve(p, 'fixture-256.u8')) || existsSync(resolve(p, 'train.u8')));
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
