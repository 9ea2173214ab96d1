/**
 * The batch constructor chapter 4 shows verbatim (engine/train/batch.ts) and its timed twin
 * (batch-timing.ts): the listing carries no profiling code, the timed maker builds exactly the same
 * batches from the same seed, and it accounts every phase.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PATH_FAMILIES, PATH_NAMES, Rng } from '../../../src/lib/core/index.ts';
import { BatchMaker } from '../../../src/lib/engine/train/batch.ts';
import { TimedBatchMaker } from '../../../src/lib/engine/train/batch-timing.ts';
import { cleanSettings } from '../../../src/lib/engine/train/settings.ts';

describe('BatchMaker', () => {
  it('the file chapter 4 lists has no stopwatch in it', () => {
    const src = readFileSync(resolve(import.meta.dirname, '../../../src/lib/engine/train/batch.ts'), 'utf8');
    expect(src).not.toMatch(/performance\.now|clock\d|timing/);
  });

  for (const coupling of ['independent', 'exact-ot', 'sinkhorn'] as const) {
    it(`the timed maker builds the same batches (${coupling}) and times every phase`, () => {
      const { settings } = cleanSettings({ coupling, batch: 32, target: '8gaussians', path: 'icfm', seed: 4 });
      const plain = new BatchMaker(settings, new Rng(11));
      const timed = new TimedBatchMaker(settings, new Rng(11));
      for (let k = 0; k < 3; k++) {
        const a = plain.next(),
          b = timed.next();
        expect(Array.from(b.xt)).toEqual(Array.from(a.xt));
        expect(Array.from(b.t)).toEqual(Array.from(a.t));
        expect(Array.from(b.ut)).toEqual(Array.from(a.ut));
      }
      expect(timed.timing.batches).toBe(3);
      for (const ms of [timed.timing.sampleMs, timed.timing.couplingMs, timed.timing.pathMs]) expect(ms).toBeGreaterThanOrEqual(0);
    });
  }

  it('the width setting σ is the width of every family that has one (σ for I-CFM/SB, σ_min for OT/VE)', () => {
    for (const path of PATH_NAMES) {
      const width = PATH_FAMILIES[path].width;
      if (!width) continue;
      const { settings } = cleanSettings({ path, sigma: 0.23 });
      expect(new BatchMaker(settings, new Rng(1)).path.params[width], path).toBe(0.23);
    }
  });
});
