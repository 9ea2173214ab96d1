/**
 * The CIFAR engine's cache of loaded, sha256-verified UNet checkpoints, one entry per checkpoint URL
 * for the life of the page (or worker). Imported lazily by the runner when compute starts. No DOM.
 */
import { loadCheckpoint, type CheckpointMetadata, type LoadOptions } from '../../nn/checkpoint.ts';
import { UNet } from '../../nn/unet.ts';

export interface LoadedModel {
  model: UNet;
  metadata: CheckpointMetadata;
  bytes: number;
}
const cache = new Map<string, Promise<LoadedModel>>();

/** Whether `url` is loaded (or loading) in this engine already. */
export function modelInMemory(url: string): boolean {
  return cache.has(url);
}

/**
 * Loads the checkpoint folder at `url` (ending with '/') once; a failed load is forgotten so a retry
 * refetches. `readShard` replaces the plain fetch of the weights (Cache Storage, weights-cache.ts).
 */
export function loadModelAt(
  url: string,
  onProgress?: (loaded: number, total: number) => void,
  readShard?: LoadOptions['readShard'],
): Promise<LoadedModel> {
  let p = cache.get(url);
  if (!p) {
    p = loadCheckpoint(url, { onProgress, readShard }).then((ck) => ({
      model: new UNet(ck.config, ck.weights),
      metadata: ck.metadata,
      bytes: ck.bytes,
    }));
    p.catch(() => cache.delete(url));
    cache.set(url, p);
  }
  return p;
}
