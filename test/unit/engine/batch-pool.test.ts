/**
 * The batch builders' pool (src/lib/engine/train/batch-pool.ts): batch k is built from its own seed,
 * so the batches a session trains on are the same with 0 (built on the training thread), 1, 2 or 3
 * builders in Node worker threads, and the same after a builder is lost mid-run; a reset starts the
 * stream again and drops what the old configuration was still building.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { BatchPool, batchStream, poolSizeFor, type BuilderConfig } from '../../../src/lib/engine/train/batch-pool.ts';
import { cleanSettings } from '../../../src/lib/engine/train/settings.ts';
import type { Batch } from '../../../src/lib/engine/train/batch.ts';
import { nodeBuilders } from '../../../scripts/batch-pool-node.ts';

const { settings } = cleanSettings({ coupling: 'exact-ot', batch: 64, target: '8gaussians', seed: 21 });
const config: BuilderConfig = { settings, stream: batchStream(settings.seed) };
const N = 24;

const pools: BatchPool[] = [];
afterAll(() => pools.forEach((p) => p.dispose()));

async function draw(pool: BatchPool, n: number, chunk = 5): Promise<Batch[]> {
  const out: Batch[] = [];
  while (out.length < n) {
    const k = Math.min(chunk, n - out.length);
    await pool.ready(k);
    for (let i = 0; i < k; i++) out.push(pool.take());
  }
  return out;
}

const same = (a: Batch[], b: Batch[]) => {
  expect(b.length).toBe(a.length);
  a.forEach((x, k) => {
    expect(Array.from(b[k].xt), `batch ${k} x_t`).toEqual(Array.from(x.xt));
    expect(Array.from(b[k].t)).toEqual(Array.from(x.t));
    expect(Array.from(b[k].ut)).toEqual(Array.from(x.ut));
  });
};

describe('BatchPool', () => {
  it('gives the same batches with 0, 1, 2 and 3 builders (each batch seeded by its index)', async () => {
    const local = new BatchPool([]);
    local.configure(config);
    const reference = await draw(local, N);
    // consecutive batches differ (the index does reach the seed)
    expect(Array.from(reference[1].xt)).not.toEqual(Array.from(reference[0].xt));
    for (const size of [1, 2, 3]) {
      const pool = new BatchPool(nodeBuilders(size));
      pools.push(pool);
      expect(pool.size).toBe(size);
      pool.configure(config);
      same(reference, await draw(pool, N, 7));
    }
  }, 20_000);

  it('starts the stream again on configure() and ignores what the old configuration was building', async () => {
    const pool = new BatchPool(nodeBuilders(2));
    pools.push(pool);
    pool.configure({ ...config, stream: 1 });
    await pool.ready(3); // requests more than three; those replies arrive for a dead generation
    pool.configure(config);
    const local = new BatchPool([]);
    local.configure(config);
    same(await draw(local, 8), await draw(pool, 8));
  }, 20_000);

  it('falls back to building on this thread when a builder is lost, with the same batches', async () => {
    const pool = new BatchPool(nodeBuilders(2));
    pools.push(pool);
    pool.configure(config);
    const first = await draw(pool, 6);
    (pool as unknown as { receive(r: object): void }).receive({ type: 'lost', message: 'test' });
    expect(pool.size).toBe(0);
    const rest = await draw(pool, 6);
    const local = new BatchPool([]);
    local.configure(config);
    same(await draw(local, 12), [...first, ...rest]);
  }, 20_000);

  it('sizes the pool from the core count: the spare cores, 1 to 4', () => {
    expect([undefined, 1, 2, 3, 4, 8, 64].map(poolSizeFor)).toEqual([0, 0, 1, 2, 3, 4, 4]);
  });
});
