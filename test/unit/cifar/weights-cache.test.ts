/**
 * The CIFAR engine's Cache Storage for checkpoint weights (src/lib/engine/cifar/weights-cache.ts),
 * against an in-memory CacheStorage and a stubbed fetch that streams its body in chunks: a miss
 * downloads with byte progress and stores the verified shard under URL + sha256; a second read comes
 * from the cache without a request; a new version of the same URL replaces the old entry; a corrupt
 * or truncated download throws a clear error and stores nothing, so a retry starts clean; a corrupt
 * cache entry is dropped and downloaded again.
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  checkpointCached,
  readShardCached,
  shardCacheKey,
  ShardDownloadError,
  WEIGHTS_CACHE,
} from '../../../src/lib/engine/cifar/weights-cache.ts';

/** A Map-backed CacheStorage with the calls weights-cache.ts makes (exact and ignoreSearch matches). */
class MemoryCache {
  readonly entries = new Map<string, ArrayBuffer>();
  match(req: string | Request, opts?: { ignoreSearch?: boolean }): Promise<Response | undefined> {
    const url = typeof req === 'string' ? req : req.url;
    let body = this.entries.get(url);
    if (!body && opts?.ignoreSearch) {
      const path = url.split('?')[0];
      body = [...this.entries].find(([k]) => k.split('?')[0] === path)?.[1];
    }
    return Promise.resolve(body ? new Response(body.slice(0)) : undefined);
  }
  async put(req: string, res: Response): Promise<void> {
    this.entries.set(req, await res.arrayBuffer());
  }
  delete(req: string | Request): Promise<boolean> {
    return Promise.resolve(this.entries.delete(typeof req === 'string' ? req : req.url));
  }
  keys(): Promise<Request[]> {
    return Promise.resolve([...this.entries.keys()].map((k) => new Request(k)));
  }
}
function memoryStorage() {
  const caches = new Map<string, MemoryCache>();
  const storage = {
    open: (name: string) => {
      if (!caches.has(name)) caches.set(name, new MemoryCache());
      return Promise.resolve(caches.get(name)!);
    },
  } as unknown as CacheStorage;
  return { storage, bucket: () => caches.get(WEIGHTS_CACHE) };
}

const URL_ = 'http://127.0.0.1:1/checkpoints/demo/group1-shard1of1.bin';
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
function bytes(n: number, seed: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed * 17) & 0xff;
  return b;
}

/** Stubs fetch: each call answers with `body` streamed in 4 chunks (and Content-Length), or `status`. */
function stubFetch(answers: { body?: Uint8Array; status?: number }[]) {
  const calls: string[] = [];
  vi.stubGlobal('fetch', (url: string) => {
    calls.push(url);
    const a = answers[Math.min(calls.length - 1, answers.length - 1)];
    if (a.status) return Promise.resolve(new Response('gone', { status: a.status }));
    const body = a.body!;
    const q = Math.ceil(body.length / 4);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < body.length; i += q) c.enqueue(body.slice(i, i + q));
        c.close();
      },
    });
    return Promise.resolve(new Response(stream, { headers: { 'content-length': String(body.length) } }));
  });
  return calls;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('weights in Cache Storage', () => {
  it('downloads with byte progress, stores under URL + sha256, and reads the second time from the cache', async () => {
    const { storage, bucket } = memoryStorage();
    const good = bytes(10_000, 1);
    const spec = { bytes: good.length, sha256: sha(good) };
    const calls = stubFetch([{ body: good }]);
    const seen: number[] = [];
    const sources: string[] = [];
    const a = await readShardCached(URL_, spec, { storage, onBytes: (l) => seen.push(l), onSource: (s) => sources.push(s) });
    expect(new Uint8Array(a)).toEqual(good);
    expect(seen).toEqual([0, 2500, 5000, 7500, 10_000]);
    expect([...bucket()!.entries.keys()]).toEqual([shardCacheKey(URL_, spec.sha256)]);
    expect(shardCacheKey(URL_, spec.sha256)).toBe(`${URL_}?sha256=${spec.sha256}`);
    const b = await readShardCached(URL_, spec, { storage, onSource: (s) => sources.push(s) });
    expect(new Uint8Array(b)).toEqual(good);
    expect(calls).toHaveLength(1); // the second read made no request
    expect(sources).toEqual(['network', 'cache']);
    expect(await checkpointCached('http://127.0.0.1:1/checkpoints/demo/', [{ file: 'group1-shard1of1.bin', ...spec }], storage)).toBe(true);
  });

  it('a new version of the same shard replaces the old entry', async () => {
    const { storage, bucket } = memoryStorage();
    const v1 = bytes(4000, 1),
      v2 = bytes(4000, 2);
    stubFetch([{ body: v1 }, { body: v2 }]);
    await readShardCached(URL_, { bytes: 4000, sha256: sha(v1) }, { storage });
    const got = await readShardCached(URL_, { bytes: 4000, sha256: sha(v2) }, { storage });
    expect(new Uint8Array(got)).toEqual(v2);
    expect([...bucket()!.entries.keys()]).toEqual([shardCacheKey(URL_, sha(v2))]);
    const folder = 'http://127.0.0.1:1/checkpoints/demo/';
    expect(await checkpointCached(folder, [{ file: 'group1-shard1of1.bin', bytes: 4000, sha256: sha(v1) }], storage)).toBe(false);
  });

  it('a corrupt or truncated download is an error, nothing is stored, and a retry starts clean', async () => {
    const { storage, bucket } = memoryStorage();
    const good = bytes(6000, 3);
    const corrupt = good.slice();
    corrupt[123] ^= 0xff;
    const spec = { bytes: good.length, sha256: sha(good) };
    const calls = stubFetch([{ body: corrupt }, { body: good.slice(0, 5000) }, { status: 404 }, { body: good }]);
    await expect(readShardCached(URL_, spec, { storage })).rejects.toThrow(/do not match their sha256/);
    await expect(readShardCached(URL_, spec, { storage })).rejects.toThrow(/stopped at 5000 of 6000 bytes/);
    await expect(readShardCached(URL_, spec, { storage })).rejects.toBeInstanceOf(ShardDownloadError);
    expect(bucket()!.entries.size).toBe(0);
    expect(new Uint8Array(await readShardCached(URL_, spec, { storage }))).toEqual(good);
    expect(calls).toHaveLength(4);
    expect(bucket()!.entries.size).toBe(1);
  });

  it('a corrupt cache entry is dropped and the shard downloaded again', async () => {
    const { storage, bucket } = memoryStorage();
    const good = bytes(3000, 4);
    const spec = { bytes: good.length, sha256: sha(good) };
    const calls = stubFetch([{ body: good }]);
    await readShardCached(URL_, spec, { storage });
    const key = shardCacheKey(URL_, spec.sha256);
    const bad = good.slice();
    bad[0] ^= 1;
    bucket()!.entries.set(key, bad.buffer);
    expect(new Uint8Array(await readShardCached(URL_, spec, { storage }))).toEqual(good);
    expect(calls).toHaveLength(2);
    expect(new Uint8Array(bucket()!.entries.get(key)!)).toEqual(good);
  });

  it('without Cache Storage it is a plain (verified) download', async () => {
    const good = bytes(2000, 5);
    const calls = stubFetch([{ body: good }]);
    const spec = { bytes: good.length, sha256: sha(good) };
    expect(new Uint8Array(await readShardCached(URL_, spec, { storage: null }))).toEqual(good);
    expect(new Uint8Array(await readShardCached(URL_, spec, { storage: null }))).toEqual(good);
    expect(calls).toHaveLength(2);
    expect(await checkpointCached('http://127.0.0.1:1/checkpoints/demo/', [{ file: 'x.bin', ...spec }], null)).toBe(false);
  });
});
