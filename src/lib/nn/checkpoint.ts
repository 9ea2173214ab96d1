/**
 * Loading a UNet checkpoint exported by training/export_tfjs.py (TF.js's native weights format):
 *   model.json     { format, config, weightsManifest: [{ paths, weights: [{ name, shape, dtype, quantization? }] }] }
 *   metadata.json  training recipe, metrics and `weights.shards[i].sha256`
 *   group1-shardKofN.bin  little-endian weights (float16 when `quantization.dtype === 'float16'`).
 * Every shard's SHA-256 is checked against metadata.json before any weight is decoded (WebCrypto when
 * available; a plain-JS SHA-256 otherwise, e.g. on plain-http pages where `crypto.subtle` is absent).
 * Works in the browser (fetch) and in Node (a folder path; read with node:fs).
 */
import { tf } from './tf.ts';
import type { UNetConfig } from './unet.ts';
import { sha256Hex } from './checkpoint-sha256.ts';

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
  quantization?: { dtype: 'float16' | 'uint8' | 'uint16'; original_dtype?: string; scale?: number; min?: number };
}
export interface ModelJson {
  format: string;
  formatVersion: number;
  config: UNetConfig;
  weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
}
export interface ShardInfo {
  file: string;
  bytes: number;
  sha256: string;
}
export interface CheckpointMetadata {
  name: string;
  title: string;
  notes?: string;
  architecture: { type: string; config: UNetConfig; parameters: number };
  training: Record<string, unknown> & { steps?: number; wall_seconds?: number; recipe?: Record<string, unknown> };
  data?: unknown;
  metrics?: Record<string, unknown>;
  weights: { dtype: string; bytes: number; shards: ShardInfo[] };
}
export interface LoadedCheckpoint {
  config: UNetConfig;
  metadata: CheckpointMetadata;
  weights: Record<string, tf.Tensor>;
  bytes: number;
}
export interface LoadOptions {
  /** Skip the sha256 check (never in production; for experiments only). */
  verify?: boolean;
  /** Bytes received so far / total (shards only). */
  onProgress?: (loaded: number, total: number) => void;
  signal?: AbortSignal;
  /**
   * Reads one weights shard instead of a plain fetch (the CIFAR engine's Cache Storage with byte
   * progress, engine/cifar/weights-cache.ts); `received(b)` reports b bytes of this shard so far, and
   * `onProgress` gets the checkpoint-wide count. What it returns is still size- and sha256-checked.
   */
  readShard?: (url: string, info: ShardInfo, received: (bytes: number) => void, signal?: AbortSignal) => Promise<ArrayBuffer>;
}

export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointError';
  }
}

const isUrl = (base: string) => /^(https?:|blob:|data:)/.test(base) || (typeof window !== 'undefined' && typeof document !== 'undefined');

/** Reads one file below `base` (a URL prefix in the browser, a folder in Node). */
async function readBytes(base: string, file: string, signal?: AbortSignal): Promise<ArrayBuffer> {
  const sep = base.endsWith('/') ? '' : '/';
  if (isUrl(base)) {
    const res = await fetch(base + sep + file, { signal });
    if (!res.ok) throw new CheckpointError(`${base + sep + file}: HTTP ${res.status}`);
    return res.arrayBuffer();
  }
  const fsName = 'node:fs/promises';
  const fs = (await import(/* @vite-ignore */ fsName)) as typeof import('node:fs/promises');
  const buf = await fs.readFile(base + sep + file);
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
}

async function readJson<T>(base: string, file: string, signal?: AbortSignal): Promise<T> {
  const bytes = await readBytes(base, file, signal);
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as T;
  } catch {
    throw new CheckpointError(`${file} is not valid JSON`);
  }
}

/** Downloads (or reads), verifies and decodes a checkpoint folder. The caller owns the returned tensors. */
export async function loadCheckpoint(base: string, opts: LoadOptions = {}): Promise<LoadedCheckpoint> {
  const [model, metadata] = await Promise.all([
    readJson<ModelJson>(base, 'model.json', opts.signal),
    readJson<CheckpointMetadata>(base, 'metadata.json', opts.signal),
  ]);
  if (model.format !== 'cfm-live-unet' || !Array.isArray(model.weightsManifest)) {
    throw new CheckpointError(`model.json: unknown format ${String(model.format)}`);
  }
  const shardInfo = new Map(metadata.weights.shards.map((s) => [s.file, s]));
  const total = metadata.weights.shards.reduce((a, s) => a + s.bytes, 0);
  let loaded = 0;
  const weights: Record<string, tf.Tensor> = {};
  for (const group of model.weightsManifest) {
    const buffers: ArrayBuffer[] = [];
    for (const path of group.paths) {
      const info = shardInfo.get(path);
      if (!info) throw new CheckpointError(`metadata.json lists no sha256 for ${path}`);
      const buf = opts.readShard
        ? await opts.readShard(
            base + (base.endsWith('/') ? '' : '/') + path,
            info,
            (b) => opts.onProgress?.(loaded + b, total),
            opts.signal,
          )
        : await readBytes(base, path, opts.signal);
      if (buf.byteLength !== info.bytes) throw new CheckpointError(`${path}: ${buf.byteLength} bytes, expected ${info.bytes}`);
      if (opts.verify !== false) {
        const got = await sha256Hex(buf);
        if (got !== info.sha256)
          throw new CheckpointError(`${path}: sha256 ${got.slice(0, 12)}… does not match metadata (${info.sha256.slice(0, 12)}…)`);
      }
      buffers.push(buf);
      loaded += buf.byteLength;
      opts.onProgress?.(loaded, total);
    }
    const whole = tf.io.concatenateArrayBuffers(buffers);
    const expected = group.weights.reduce(
      (a, w) =>
        a +
        w.shape.reduce((p, q) => p * q, 1) *
          (w.quantization?.dtype === 'float16' || w.quantization?.dtype === 'uint16' ? 2 : w.quantization ? 1 : 4),
      0,
    );
    if (whole.byteLength !== expected) throw new CheckpointError(`weights: ${whole.byteLength} bytes, manifest needs ${expected}`);
    Object.assign(weights, tf.io.decodeWeights(whole, group.weights as tf.io.WeightsManifestEntry[]));
  }
  return { config: model.config, metadata, weights, bytes: total };
}
