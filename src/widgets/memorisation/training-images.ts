/**
 * The training images the build ships (scripts/prepare-cifar.ts writes data/cifar10-train-256.json
 * and .u8): fetched and checked against their description, or an error that says what is wrong;
 * and a pick of them by index.
 */
import { PIXELS } from '../../lib/viz/cifar-images.ts';

export async function fetchTrainingImages(base: string): Promise<{ bytes: Uint8Array; count: number }> {
  const [metaRes, binRes] = await Promise.all([fetch(`${base}data/cifar10-train-256.json`), fetch(`${base}data/cifar10-train-256.u8`)]);
  if (!metaRes.ok || !binRes.ok) throw new Error(`HTTP ${metaRes.status}/${binRes.status}`);
  const meta: unknown = await metaRes.json();
  const count = typeof meta === 'object' && meta !== null && 'count' in meta ? meta.count : undefined;
  if (typeof count !== 'number' || !Number.isInteger(count) || count <= 0) throw new Error('the description has no image count');
  const bytes = new Uint8Array(await binRes.arrayBuffer());
  if (bytes.length !== count * PIXELS) throw new Error('file size does not match its description');
  return { bytes, count };
}

/** The images `idx` of a set of images (bytes, PIXELS each), in that order (neighbours to draw). */
export function pickImages(u8: Uint8Array, idx: Int32Array): Uint8Array {
  const out = new Uint8Array(idx.length * PIXELS);
  idx.forEach((j, i) => out.set(u8.subarray(j * PIXELS, (j + 1) * PIXELS), i * PIXELS));
  return out;
}
