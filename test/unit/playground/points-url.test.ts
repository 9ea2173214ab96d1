import { describe, expect, it } from 'vitest';
import { Rng, sampleDataset } from '../../../src/lib/core/index.ts';
import { MAX_POINTS, MAX_URL_CHARS, decodePoints, encodePoints, pointsForUrl } from '../../../src/lib/engine/playground/points-url.ts';

const round = (a: ArrayLike<number>) => Array.from(a, (x) => Math.round(x * 100) / 100);

describe('drawn points in a URL', () => {
  it('round-trips a set to 1/100 (the stated resolution), URL-safe', () => {
    const pts = sampleDataset('moons', 300, new Rng(1));
    const text = encodePoints(pts);
    expect(text).toMatch(/^p1\.[A-Za-z0-9_-]*$/);
    const back = decodePoints(text);
    expect(back.problem).toBeUndefined();
    expect(back.points.length).toBe(pts.length);
    for (let i = 0; i < pts.length; i++) expect(Math.abs(back.points[i] - pts[i])).toBeLessThanOrEqual(0.005 + 1e-12);
    expect(round(decodePoints(encodePoints(back.points)).points)).toEqual(round(back.points));
    expect(decodePoints(encodePoints([])).points.length).toBe(0);
  });

  it('clamps coordinates to ±327.67 and keeps negatives and zero exactly', () => {
    const back = decodePoints(encodePoints([0, -0.01, 1000, -1000, -3.14, 2.72]));
    expect(Array.from(back.points)).toEqual([0, -0.01, 327.67, -327.67, -3.14, 2.72]);
  });

  it(`refuses sets longer than ${MAX_URL_CHARS} characters, and a drawn stroke of 1 500 points fits`, () => {
    const stroke: number[] = [];
    const rng = new Rng(4);
    let x = 0;
    let y = 0;
    for (let i = 0; i < 1500; i++) {
      x += 0.05 * rng.normal();
      y += 0.05 * rng.normal();
      stroke.push(x, y);
    }
    const fits = pointsForUrl(stroke);
    expect(fits.text).not.toBeNull();
    expect(fits.chars).toBeLessThanOrEqual(MAX_URL_CHARS);
    const big = pointsForUrl(sampleDataset('8gaussians', 3000, new Rng(2)));
    expect(big.text).toBeNull();
    expect(big.chars).toBeGreaterThan(MAX_URL_CHARS);
  });

  it('never throws on garbage and says why', () => {
    const rng = new Rng(9);
    const alphabet = 'p1.ABCxyz019-_+/=%€\u0000 ';
    const inputs: unknown[] = [
      null,
      undefined,
      42,
      {},
      '',
      'p1.',
      'p2.AAAA',
      'p1.A',
      'p1.!!!!',
      'p1.////',
      'p1.' + '_'.repeat(40),
      'p1.' + 'A'.repeat(3 * MAX_URL_CHARS),
    ];
    for (let k = 0; k < 300; k++)
      inputs.push('p1.' + Array.from({ length: rng.int(40) }, () => alphabet[rng.int(alphabet.length)]).join(''));
    for (const input of inputs) {
      const got = decodePoints(input);
      expect(got.points).toBeInstanceOf(Float64Array);
      for (const v of got.points) expect(Number.isFinite(v)).toBe(true);
      if (got.points.length === 0 && input !== 'p1.') expect(got.problem).toBeTruthy();
    }
    expect(decodePoints('p1.' + '_'.repeat(40)).problem).toMatch(/too long|cut short|range/);
  });

  it(`keeps at most ${MAX_POINTS} points from a link`, () => {
    const zeros = new Array(2 * (MAX_POINTS + 10)).fill(0);
    const got = decodePoints(encodePoints(zeros));
    expect(got.points.length).toBe(2 * MAX_POINTS);
    expect(got.problem).toMatch(/first 4000/);
  });
});
