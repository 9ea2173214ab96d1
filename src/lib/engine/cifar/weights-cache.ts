/**
 * Checkpoint weights kept in the browser's Cache Storage, so a second visit samples without
 * downloading the ≈2 MB shard again. No TF.js and no DOM: it runs in the CIFAR engine's worker (or on
 * the main thread as the fallback), and the widget asks `hasCachedShard` before offering a download.
 *
 * - Key: the shard's URL with `?sha256=<hash of its bytes>` (metadata.json gives the hash), so a
 *   re-exported checkpoint under the same name never reads the old bytes; storing a shard deletes
 *   every other version of the same URL, so the new checkpoint replaces the old one.
 * - A cache hit is checked (size and sha256) before it is used; a corrupt entry is deleted and the
 *   shard is downloaded again. A download is checked the same way before it is stored, so a failed or
 *   corrupt download never reaches the cache and a retry starts clean.
 * - The download streams, reporting bytes received (of Content-Length, or of the manifest's size).
 * - Where Cache Storage is missing (an insecure origin, a privacy mode), it is a plain fetch.
 */
import { sha256Hex } from '../../nn/checkpoint-sha256.ts';

/** The name of the Cache Storage bucket (bump the suffix when the entry format changes). */
export const WEIGHTS_CACHE = 'cfm-live-weights-v1';

export interface ShardSpec {
  /** Size in bytes and SHA-256 (hex) from the checkpoint's metadata.json. */
  bytes: number;
  sha256: string;
}

export interface ShardReadOptions {
  signal?: AbortSignal;
  /** Bytes of this shard received so far (a cache hit reports the whole size at once). */
  onBytes?: (loaded: number, total: number) => void;
  /** The Cache Storage to use (default: `globalThis.caches`; null: none). */
  storage?: CacheStorage | null;
  /** Called once with where the bytes came from. */
  onSource?: (source: 'cache' | 'network') => void;
}

/** A shard that failed its size or sha256 check after download: corrupt or truncated in transit. */
export class ShardDownloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShardDownloadError';
  }
}

/** The cache key of a shard: its URL with the sha256 of its bytes as the only query parameter. */
export function shardCacheKey(url: string, sha256: string): string {
  const u = new URL(url);
  u.search = `?sha256=${sha256}`;
  u.hash = '';
  return u.href;
}

function defaultStorage(): CacheStorage | null {
  try {
    return typeof caches !== 'undefined' ? caches : null;
  } catch {
    return null; // some browsers throw on access in privacy modes
  }
}

async function openCache(storage: CacheStorage | null): Promise<Cache | null> {
  if (!storage) return null;
  try {
    return await storage.open(WEIGHTS_CACHE);
  } catch {
    return null;
  }
}

async function matches(buf: ArrayBuffer, spec: ShardSpec): Promise<boolean> {
  return buf.byteLength === spec.bytes && (await sha256Hex(buf)) === spec.sha256;
}

/** Downloads `url`, streaming the body so progress can be shown; checks size and sha256. */
async function download(url: string, spec: ShardSpec, opts: ShardReadOptions): Promise<ArrayBuffer> {
  opts.onBytes?.(0, spec.bytes); // the download has begun (a failure from here on is a download failure)
  const res = await fetch(url, { signal: opts.signal });
  if (!res.ok) throw new ShardDownloadError(`${url}: HTTP ${res.status}`);
  const announced = Number(res.headers.get('content-length'));
  const total = Number.isFinite(announced) && announced > 0 ? announced : spec.bytes;
  let buf: ArrayBuffer;
  if (res.body && typeof res.body.getReader === 'function') {
    const reader = res.body.getReader();
    const chunks: Uint8Array[] = [];
    let loaded = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.byteLength;
      opts.onBytes?.(loaded, total);
    }
    const whole = new Uint8Array(loaded);
    let at = 0;
    for (const c of chunks) {
      whole.set(c, at);
      at += c.byteLength;
    }
    buf = whole.buffer;
  } else {
    buf = await res.arrayBuffer();
    opts.onBytes?.(buf.byteLength, total);
  }
  if (buf.byteLength !== spec.bytes) {
    throw new ShardDownloadError(`the download stopped at ${buf.byteLength} of ${spec.bytes} bytes`);
  }
  if (!(await matches(buf, spec))) {
    throw new ShardDownloadError('the downloaded weights do not match their sha256 (corrupted in transit)');
  }
  return buf;
}

/**
 * The bytes of one shard: from Cache Storage when a verified copy is there, otherwise downloaded,
 * verified and stored (replacing any other version of the same URL).
 */
export async function readShardCached(url: string, spec: ShardSpec, opts: ShardReadOptions = {}): Promise<ArrayBuffer> {
  const cache = await openCache(opts.storage === undefined ? defaultStorage() : opts.storage);
  const key = shardCacheKey(url, spec.sha256);
  if (cache) {
    try {
      const hit = await cache.match(key);
      if (hit) {
        const buf = await hit.arrayBuffer();
        if (await matches(buf, spec)) {
          opts.onSource?.('cache');
          opts.onBytes?.(buf.byteLength, spec.bytes);
          return buf;
        }
        await cache.delete(key); // corrupt: fetch it again below
      }
    } catch {
      // an unreadable entry is treated as a miss
    }
  }
  opts.onSource?.('network');
  const buf = await download(url, spec, opts);
  if (cache) {
    try {
      await cache.put(key, new Response(buf.slice(0), { headers: { 'content-type': 'application/octet-stream' } }));
      const path = new URL(url).pathname;
      for (const req of await cache.keys()) {
        if (req.url !== key && new URL(req.url).pathname === path) await cache.delete(req);
      }
    } catch {
      // quota exceeded or storage refused: the weights still work, only the next visit downloads again
    }
  }
  return buf;
}

/**
 * Whether Cache Storage holds every shard of the checkpoint folder `folderUrl` (ending with '/') in
 * the version metadata.json lists: the widget asks before it offers a download on a phone or with
 * Save-Data.
 */
export async function checkpointCached(
  folderUrl: string,
  shards: readonly ({ file: string } & ShardSpec)[],
  storage: CacheStorage | null = defaultStorage(),
): Promise<boolean> {
  const cache = await openCache(storage);
  if (!cache || shards.length === 0) return false;
  try {
    for (const s of shards) if (!(await cache.match(shardCacheKey(new URL(s.file, folderUrl).href, s.sha256)))) return false;
    return true;
  } catch {
    return false;
  }
}
