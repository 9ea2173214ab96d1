/**
 * The network samples' nearest training images among all 50 000, searched offline
 * (scripts/cifar-neighbours.ts writes full-neighbours.json; scripts/prepare-cifar.ts copies those
 * training images into the build as public/data/cifar10-neighbours.{jpg,json}). The widget uses them
 * for a seed listed there, once the images it sampled live are checked to be the ones searched.
 */

export interface FullNeighbours {
  checkpoint: string;
  weightsSha256: string[];
  run: { solver: string; nfe: number; count: number; seedOffset: number };
  engine: string;
  trainImages: number;
  trainSha256: string;
  /** Smallest gap (squared L2) between the best and the worst re-measured candidate of any sample. */
  candidateMargin: number;
  /** Median distance from each of the first `queries` training images to its nearest other one. */
  scale: { queries: number; medianToNearestOther: number; medianToNearestOther256: number };
  seeds: { seed: number; index: number[]; distance: number[]; index256: number[]; distance256: number[] }[];
}

/** What prepare-cifar writes beside the JPEG bytes: image k is jpg[offsets[k]:offsets[k+1]]. */
export interface NeighbourPack {
  indices: number[];
  offsets: number[];
}

/** Precomputed neighbours of this checkpoint's samples at this seed, if it was searched. */
export function entryFor(data: FullNeighbours, checkpoint: string, seed: number): FullNeighbours['seeds'][number] | null {
  if (data.checkpoint !== checkpoint) return null;
  return data.seeds.find((e) => e.seed === seed) ?? null;
}

/** The seeds searched, as a range for the text ("1–16"). */
export function seedRange(data: FullNeighbours): string {
  const s = data.seeds.map((e) => e.seed);
  return s.length ? `${Math.min(...s)}–${Math.max(...s)}` : 'none';
}

/**
 * Whether the live distances (this browser's samples against this browser's decoding of the JPEG
 * training images) are the ones computed offline. A browser's JPEG decoder may differ from Pillow's by
 * one level per value, which moves a distance by at most √3072 · 2/255 ≈ 0.43; another backend's
 * rounding moves it by far less. A different seed, checkpoint or solver moves it by whole units.
 */
export const DISTANCE_TOLERANCE = 0.45;
export function agrees(live: ArrayLike<number>, precomputed: ArrayLike<number>): boolean {
  if (live.length !== precomputed.length || live.length === 0) return false;
  for (let i = 0; i < live.length; i++) if (!(Math.abs(live[i] - precomputed[i]) <= DISTANCE_TOLERANCE)) return false;
  return true;
}

/** Checks the pack's description; throws with what is wrong. */
export function parsePack(meta: unknown, bytes: number): NeighbourPack {
  const m = meta as Partial<NeighbourPack> | null;
  const ok =
    !!m &&
    Array.isArray(m.indices) &&
    Array.isArray(m.offsets) &&
    m.offsets.length === m.indices.length + 1 &&
    m.offsets[0] === 0 &&
    m.offsets.at(-1) === bytes &&
    m.offsets.every((o, k) => Number.isInteger(o) && (k === 0 || o > m.offsets![k - 1]));
  if (!ok) throw new Error('the neighbour images do not match their description');
  return { indices: m.indices as number[], offsets: m.offsets as number[] };
}

/** L2 distance between a sample in model space and a uint8 RGB image (both NHWC, `d` values). */
export function distanceToU8(sample: ArrayLike<number>, offset: number, u8: ArrayLike<number>, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) {
    const v = sample[offset + j] - (u8[j] / 127.5 - 1);
    s += v * v;
  }
  return Math.sqrt(s);
}
