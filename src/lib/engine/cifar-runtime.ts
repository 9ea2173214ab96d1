/**
 * Runtime shared by the CIFAR widgets (imported lazily, when compute starts): the TF.js backend
 * chosen once per page by ENGINE's chooseBackend (`?backend=` forces one), and a per-page cache of
 * loaded, sha256-verified UNet checkpoints. No DOM here.
 */
import { tf } from '../nn/tf.ts';
import { chooseBackend, isBackendName, type BackendChoice } from '../nn/backend.ts';
import { loadCheckpoint, type CheckpointMetadata } from '../nn/checkpoint.ts';
import { UNet } from '../nn/unet.ts';

export { tf };

export async function initBackend(force: string | null, wasmPaths?: Record<string, string>): Promise<BackendChoice> {
  return chooseBackend({ force: isBackendName(force) ? force : undefined, wasmPaths });
}

export interface LoadedModel { model: UNet; metadata: CheckpointMetadata; bytes: number }
const cache = new Map<string, Promise<LoadedModel>>();

/** Loads `<base>checkpoints/<name>/` once per page; a failed load is forgotten so a retry refetches. */
export function loadModel(base: string, name: string, onProgress?: (loaded: number, total: number) => void): Promise<LoadedModel> {
  return loadModelAt(`${base}checkpoints/${name}/`, onProgress);
}

/** Loads the checkpoint folder at `url` (ending with '/') once per page (or worker). */
export function loadModelAt(url: string, onProgress?: (loaded: number, total: number) => void): Promise<LoadedModel> {
  let p = cache.get(url);
  if (!p) {
    p = loadCheckpoint(url, { onProgress }).then((ck) => ({
      model: new UNet(ck.config, ck.weights), metadata: ck.metadata, bytes: ck.bytes,
    }));
    p.catch(() => cache.delete(url));
    cache.set(url, p);
  }
  return p;
}
