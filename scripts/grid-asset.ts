/**
 * Writes a pre-rendered CIFAR image grid (the sampler's first paint, the images chapter's class grid)
 * as `<checkpoint>-<first 12 hex of the weights' sha256>.png` into `out`, removes older PNGs there,
 * and returns the manifest fields both grids share (checkpoint, weights, step, PNG size and sha256).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FirstPaintManifest } from '../src/lib/engine/cifar/first-paint.ts';
import { encodePng } from './png.ts';

interface CheckpointFacts {
  weights: { shards: { sha256: string }[] };
  training: { steps?: unknown; epochs?: unknown };
  exported?: unknown;
}

export function writeGridAsset(
  out: string,
  checkpoint: string,
  metadata: CheckpointFacts,
  grid: { rgba: Uint8Array; width: number; height: number },
  engine: string,
): Omit<FirstPaintManifest, 'settings'> {
  const png = encodePng(grid.rgba, grid.width, grid.height);
  const shas = metadata.weights.shards.map((sh) => sh.sha256);
  const file = `${checkpoint}-${shas[0].slice(0, 12)}.png`;
  mkdirSync(out, { recursive: true });
  for (const old of readdirSync(out)) if (old.endsWith('.png') && old !== file) rmSync(resolve(out, old));
  writeFileSync(resolve(out, file), png);
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return {
    checkpoint,
    weightsSha256: shas,
    step: num(metadata.training.steps),
    epochs: num(metadata.training.epochs),
    exported: typeof metadata.exported === 'string' ? metadata.exported : null,
    engine,
    file,
    bytes: png.length,
    sha256: createHash('sha256').update(png).digest('hex'),
    width: grid.width,
    height: grid.height,
  };
}
