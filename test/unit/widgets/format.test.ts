import { describe, expect, it } from 'vitest';
import { fmt, fmtCount, fmtSci } from '../../../src/widgets/shared/format.ts';
import { Rng } from '../../../src/lib/core/index.ts';

describe('readout formatting', () => {
  it('fmtCount groups thousands as the prose does (a thin space where toLocaleString("en") puts a comma, from five digits on), without Intl', () => {
    const rng = new Rng(1);
    const values = [0, 1, 12, 999, 1000, 1001, 9999, 10_000, 123_456, 999_999, 1_000_000, 2 ** 31, Number.MAX_SAFE_INTEGER];
    for (let k = 0; k < 200; k++) values.push(Math.floor(10 ** (12 * rng.uniform())));
    for (const v of values) expect(fmtCount(v)).toBe(v < 10_000 ? String(v) : v.toLocaleString('en').replaceAll(',', '\u202f'));
    expect(fmtCount(50_000)).toBe('50\u202f000');
    expect(fmtCount(3072)).toBe('3072');
  });

  it('fmtCount rounds, uses a real minus sign and has no "−0"', () => {
    expect(fmtCount(1234.6)).toBe('1235');
    expect(fmtCount(-40000)).toBe('−40\u202f000');
    expect(fmtCount(-0.2)).toBe('0');
    expect(fmtCount(Number.NaN)).toBe('—');
    expect(fmtCount(Infinity)).toBe('—');
  });

  it('fmt and fmtSci keep their conventions', () => {
    expect(fmt(-0.00001, 3)).toBe('0.000');
    expect(fmt(-1.5, 2)).toBe('−1.50');
    expect(fmtSci(2.8e-17)).toBe('2.8·10⁻¹⁷');
    expect(fmtSci(0)).toBe('0');
  });
});
