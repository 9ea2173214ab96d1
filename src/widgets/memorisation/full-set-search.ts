/**
 * The network samples' nearest training images among all 50 000, in the browser: the offline search
 * (full-neighbours.json, a chunk of its own) and the neighbour images the build copied
 * (data/cifar10-neighbours.{json,jpg}), each loaded once per page; the images are decoded here and the
 * distances measured again before they are used (full-neighbours.ts). Any failure answers why, and the
 * widget then searches the 256 shipped images.
 */
import { fmtCount } from '../shared/format.ts';
import { decodeJpegRgb, PIXELS } from '../../lib/viz/cifar-images.ts';
import { agrees, distanceToU8, entryFor, parsePack, seedRange, type FullNeighbours, type NeighbourPack } from './full-neighbours.ts';

/** Distances as the widget prints them. */
export const formatDistances = (a: number[]): string => a.map((d) => d.toFixed(d < 0.01 ? 4 : 1)).join(', ');

let fullPromise: Promise<FullNeighbours | null> | null = null;
/** The offline search's results; null if the chunk did not load. */
export function loadFullNeighbours(): Promise<FullNeighbours | null> {
  fullPromise ??= import('./full-neighbours.json').then(
    (m) => m.default,
    () => null,
  );
  return fullPromise;
}

let packPromise: Promise<{ pack: NeighbourPack; jpg: Uint8Array } | null> | null = null;
/** The neighbour images the build copied; null when this copy of the site has none. */
function loadPack(base: string) {
  packPromise ??= Promise.all([fetch(`${base}data/cifar10-neighbours.json`), fetch(`${base}data/cifar10-neighbours.jpg`)])
    .then(async ([m, b]) => {
      if (!m.ok || !b.ok) return null;
      const jpg = new Uint8Array(await b.arrayBuffer());
      return { pack: parsePack(await m.json(), jpg.length), jpg };
    })
    .catch(() => null);
  return packPromise;
}

export type FullSetResult = { ok: true; u8: Uint8Array; distance: number[]; of: number } | { ok: false; why: string };

/**
 * The nearest training images among all 50 000 of `count` images sampled with `checkpoint` at `seed`
 * (model space, NHWC), if that seed was searched offline and these are the images searched (their
 * distances to the decoded neighbours agree); else why not. `base`: the site's base URL, ending in '/'.
 */
export async function fullSetNeighbours(
  base: string,
  checkpoint: string,
  seed: number,
  images: Float32Array,
  count: number,
): Promise<FullSetResult> {
  const full = await loadFullNeighbours();
  if (!full) return { ok: false, why: 'The list of neighbours searched offline did not load' };
  const of = fmtCount(full.trainImages);
  const entry = entryFor(full, checkpoint, seed);
  if (!entry)
    return { ok: false, why: `Seeds ${seedRange(full)} were searched among all ${of} training images offline; seed ${seed} was not` };
  const loaded = await loadPack(base);
  if (!loaded) return { ok: false, why: `The ${of}-image search's training images are not on this copy of the site` };
  const u8 = new Uint8Array(count * PIXELS);
  for (let i = 0; i < count; i++) {
    const k = loaded.pack.indices.indexOf(entry.index[i]);
    if (k < 0) return { ok: false, why: `Training image ${entry.index[i]} is missing from this copy of the site` };
    try {
      u8.set(await decodeJpegRgb(loaded.jpg.subarray(loaded.pack.offsets[k], loaded.pack.offsets[k + 1])), i * PIXELS);
    } catch (e) {
      return {
        ok: false,
        why: `This browser could not decode training image ${entry.index[i]} (${e instanceof Error ? e.message : String(e)})`,
      };
    }
  }
  const distance = entry.index.map((_, i) => distanceToU8(images, i * PIXELS, u8.subarray(i * PIXELS, (i + 1) * PIXELS), PIXELS));
  if (!agrees(distance, entry.distance))
    return {
      ok: false,
      why: `The images sampled here for seed ${seed} are not the ones searched offline (distances ${formatDistances(distance)}, offline ${formatDistances(entry.distance)})`,
    };
  return { ok: true, u8, distance, of: full.trainImages };
}
