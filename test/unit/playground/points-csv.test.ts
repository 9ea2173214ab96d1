import { describe, expect, it } from 'vitest';
import {
  COORD_LIMIT,
  MAX_CSV_BYTES,
  parsePointsCsv,
  pointsToCsv,
  trajectoriesToCsv,
} from '../../../src/lib/engine/playground/points-csv.ts';
import { MAX_POINTS } from '../../../src/lib/engine/playground/points-url.ts';

describe('CSV import of points', () => {
  it('reads a header, commas, semicolons, tabs and spaces, and skips comments and blank lines', () => {
    const got = parsePointsCsv('x,y\n1,2\n# a comment\n\n3;4\n5\t6\n  7   8  \r\n-1e-1,+2.5\n');
    expect(got.problems).toEqual([]);
    expect(Array.from(got.points)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, -0.1, 2.5]);
  });

  it('reports non-numeric and out-of-range rows with their line numbers and keeps the rest', () => {
    const got = parsePointsCsv(`x,y\n1,2\nfoo,3\n4\n5,6\n${COORD_LIMIT + 1},0\nNaN,1\n`);
    expect(got.accepted).toBe(2);
    expect(got.rejected).toBe(4);
    expect(got.problems[0]).toMatch(/^line 3: “foo,3” is not two numbers/);
    expect(got.problems[1]).toMatch(/^line 4:/);
    expect(got.problems[2]).toMatch(/^line 6: .* outside ±100/);
    expect(got.problems[3]).toMatch(/^line 7:/);
  });

  it('names only the first five bad rows, then counts the rest', () => {
    const got = parsePointsCsv('1,1\n' + 'a,b\n'.repeat(9));
    expect(got.problems).toHaveLength(6);
    expect(got.problems[5]).toBe('4 more rows were skipped');
  });

  it('refuses text over the size limit and keeps at most MAX_POINTS points', () => {
    expect(parsePointsCsv('1,2\n'.repeat(MAX_CSV_BYTES / 4 + 1)).problems[0]).toMatch(/limit is 1\u202f000\u202f000/);
    const many = parsePointsCsv('0.5,0.5\n'.repeat(MAX_POINTS + 3));
    expect(many.accepted).toBe(MAX_POINTS);
    expect(many.problems).toEqual([`only the first ${MAX_POINTS} points were kept (3 more in the file)`]);
  });

  it('says so when there is nothing to import; binary garbage never throws', () => {
    expect(parsePointsCsv('').problems).toEqual(['the file has no points (two numbers per row: x, y)']);
    const junk = String.fromCharCode(...Array.from({ length: 2000 }, (_, i) => (i * 7919) % 65535));
    expect(() => parsePointsCsv(junk)).not.toThrow();
  });

  it('exports points and trajectories that read back', () => {
    const csv = pointsToCsv([1.5, -2, 0.123456, 3]);
    expect(csv).toBe('x,y\n1.5,-2\n0.12346,3\n');
    expect(Array.from(parsePointsCsv(csv).points)).toEqual([1.5, -2, 0.12346, 3]);
    const tr = trajectoriesToCsv([0, 1], [0, 0, 1, 1, 2, 2, 3, 3], 2);
    expect(tr.split('\n').slice(0, 3)).toEqual(['particle,step,t,x,y', '0,0,0,0,0', '0,1,1,2,2']);
  });
});
