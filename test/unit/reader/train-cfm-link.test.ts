/**
 * train-cfm's drawn sets and the link (walkthrough finding 10), and its field arrows near the frame
 * (finding 29): which sets a link carries, what a link without usable points falls back to, that a
 * drawing survives the link exactly, and that no arrow leaves the canvas.
 */
import { describe, expect, it } from 'vitest';
import { decodePoints, encodePoints } from '../../../src/lib/engine/playground/points-url.ts';
import { drawnInUse, fallbacksFor, MIN_DRAWN, toLinkResolution } from '../../../src/widgets/train-cfm/drawn-link.ts';
import { drawField, makeView, type Extent } from '../../../src/widgets/train-cfm/draw.ts';
import { samplerFor } from '../../../src/lib/engine/train/batch.ts';
import { Rng, sampleDataset } from '../../../src/lib/core/index.ts';
import type { Palette } from '../../../src/lib/viz/palette.ts';

const pts = (n: number) => Float64Array.from({ length: 2 * n }, (_, i) => Math.sin(i) * 2);

describe('train-cfm: drawn sets in the link', () => {
  it('carries exactly the drawn sets the settings use', () => {
    const drawn = { source: pts(5), target: pts(7) };
    expect(Object.keys(drawnInUse({ source: 'normal', target: 'drawn' }, drawn, false))).toEqual(['target']);
    expect(Object.keys(drawnInUse({ source: 'drawn', target: 'drawn' }, drawn, false)).sort()).toEqual(['source', 'target']);
    // A one-sided path replaces the source by noise: the drawn source is not used, so not linked.
    expect(Object.keys(drawnInUse({ source: 'drawn', target: 'moons' }, drawn, true))).toEqual([]);
    expect(Object.keys(drawnInUse({ source: 'drawn', target: 'drawn' }, {}, false))).toEqual([]);
  });

  it('a link that asks for a drawing it does not hold falls back to the data set the plots show, with the reason', () => {
    const none = fallbacksFor({ source: 'normal', target: 'drawn' }, {});
    expect(none).toHaveLength(1);
    expect(none[0]).toMatchObject({ key: 'target', value: 'moons' });
    expect(none[0].problem).toMatch(/holds no drawn points; showing Two moons/);
    const few = fallbacksFor({ source: 'drawn', target: 'drawn' }, { target: pts(MIN_DRAWN), source: pts(2) });
    expect(few.map((f) => [f.key, f.value])).toEqual([['source', 'normal']]);
    expect(few[0].problem).toMatch(/only 2 drawn points \(3 are needed\)/);
    expect(fallbacksFor({ source: 'normal', target: 'moons' }, {})).toEqual([]);
  });

  it('the fallback is what the samplers draw anyway with too few points (the select never lies)', () => {
    for (const [side, fb] of [
      ['target', 'moons'],
      ['source', 'normal'],
    ] as const) {
      const f = fallbacksFor({ source: 'normal', target: 'moons', [side]: 'drawn' }, { [side]: pts(MIN_DRAWN - 1) })[0];
      expect(f.value).toBe(fb);
      const a = samplerFor('drawn', pts(MIN_DRAWN - 1), fb)(20, new Rng(3));
      expect(Array.from(a)).toEqual(Array.from(sampleDataset(f.value, 20, new Rng(3))));
      // …and with MIN_DRAWN points the drawing is used: no fallback.
      expect(samplerFor('drawn', pts(MIN_DRAWN), fb)(20, new Rng(3))).not.toEqual(a);
    }
  });

  it('drawn points kept at the link resolution come back from a link exactly', () => {
    const raw = Float64Array.from({ length: 400 }, (_, i) => Math.cos(i * 0.37) * 3.14159 + i * 1e-4);
    const kept = raw.map(toLinkResolution);
    const back = decodePoints(encodePoints(kept));
    expect(back.problem).toBeUndefined();
    expect(Array.from(back.points)).toEqual(Array.from(kept));
  });
});

/** A 2D context that records every point a path goes through. */
function recorder() {
  const xs: number[] = [];
  const ys: number[] = [];
  const at = (x: number, y: number) => {
    xs.push(x);
    ys.push(y);
  };
  const ctx = {
    beginPath() {},
    moveTo: at,
    lineTo: at,
    closePath() {},
    stroke() {},
    fill() {},
  } as unknown as CanvasRenderingContext2D;
  return { ctx, xs, ys };
}

describe('train-cfm: field arrows stay inside the frame', () => {
  it.each([0, 1])('every arrow, head included, is inside the canvas, even the capped fast ones in the corners (axis %i)', (axis) => {
    const g = 10;
    const size = 300;
    const extent: Extent = [-3, 3, -3, 3];
    // Slow everywhere; fast (capped at 1.4 cells) in the four corners, pointing out of the frame
    // along x (axis 0) or y (axis 1).
    const field = new Float64Array(2 * g * g).fill(0.1);
    for (const [i, j] of [
      [0, 0],
      [g - 1, 0],
      [0, g - 1],
      [g - 1, g - 1],
    ]) {
      field[2 * (j * g + i) + axis] = (axis === 0 ? i : j) === 0 ? -50 : 50;
    }
    const { ctx, xs, ys } = recorder();
    drawField(makeView(ctx, size, extent, {} as Palette), field, g, '#000');
    expect(xs.length).toBeGreaterThan(0);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThanOrEqual(size);
    expect(Math.min(...ys)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...ys)).toBeLessThanOrEqual(size);
  });
});
