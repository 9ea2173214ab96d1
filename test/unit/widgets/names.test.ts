import { describe, expect, it } from 'vitest';
import { asciiDecides, mayHoldName, nameRuns } from '../../../src/lib/core/hyphenated-names.ts';

const names = (text: string) => nameRuns(text).flatMap((r) => (r.name ? [r.text] : []));

describe('hyphenated names kept on one line', () => {
  it('cuts a label into runs that join back into it, each name a run', () => {
    const label = 'σ (I-CFM path)';
    expect(nameRuns(label)).toEqual([
      { text: 'σ (', name: false },
      { text: 'I-CFM', name: true },
      { text: ' path)', name: false },
    ]);
    const long = 'Train I-CFM, OT-CFM, 2-RF on CIFAR-10 with SB-CFM';
    expect(
      nameRuns(long)
        .map((r) => r.text)
        .join(''),
    ).toBe(long);
    expect(names(long)).toEqual(['I-CFM', 'OT-CFM', '2-RF', 'CIFAR-10', 'SB-CFM']);
  });

  it('takes names (a part in capitals or digits), not hyphenated words', () => {
    expect(names('U-Net, a posterior-weighted mean, Cluster-constrained, non-Gaussian')).toEqual(['U-Net']);
    expect(names('OT')).toEqual([]);
    expect(nameRuns('')).toEqual([]);
    expect(nameRuns('I-CFM')).toEqual([{ text: 'I-CFM', name: true }]);
  });
});

describe('the shortcut past the regex', () => {
  /** The regex's answer for every text: the names it finds (hyphenated words with a part in capitals or digits). */
  const byRegex = (text: string) =>
    [...text.matchAll(/(?<![\p{L}\p{N}])[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+(?![\p{L}\p{N}])/gu)]
      .map((m) => m[0])
      .filter((w) => w.split('-').some((part) => /^[\p{Lu}\p{N}]+$/u.test(part)));

  it('never skips a text that holds a name (20 000 random texts of capitals, digits, Greek, hyphens)', () => {
    const pool = ['-', '-', '-', ' ', 'a', 'b', 'A', 'Z', '0', '9', 'σ', 'Δ', '₀', '²', '(', ',', 'é', 'É'];
    // mulberry32: integer-safe, so every character and length comes up (an LCG in doubles repeated itself).
    let seed = 7;
    const next = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return (t ^ (t >>> 14)) >>> 0;
    };
    const seen = new Set<string>();
    let skipped = 0;
    let byAscii = 0;
    for (let t = 0; t < 20_000; t++) {
      let text = '';
      for (let i = 0, len = 1 + (next() % 12); i < len; i++) text += pool[next() % pool.length];
      seen.add(text);
      const found = byRegex(text);
      if (!mayHoldName(text)) {
        skipped++;
        expect(found, text).toEqual([]);
      } else if (asciiDecides(text)) byAscii++;
      expect(
        nameRuns(text).flatMap((r) => (r.name ? [r.text] : [])),
        text,
      ).toEqual(found);
    }
    expect(seen.size).toBeGreaterThan(15_000); // distinct texts, not a few repeated
    expect(skipped).toBeGreaterThan(5000); // the shortcut does take most texts
    expect(byAscii).toBeGreaterThan(500); // and of the others, the ASCII patterns decide some
  });

  it('skips plain labels of the book and keeps the named ones', () => {
    expect(mayHoldName('Monte-Carlo samples N')).toBe(true); // a capital beside a hyphen: the regex decides
    expect(nameRuns('Monte-Carlo samples N')).toEqual([{ text: 'Monte-Carlo samples N', name: false }]);
    expect(mayHoldName('posterior-weighted mean')).toBe(false);
    expect(mayHoldName('Steps on [0, 1]')).toBe(false);
    expect(mayHoldName('σ (I-CFM path)')).toBe(true);
    expect(mayHoldName('2-RF')).toBe(true);
    expect(mayHoldName('U-Net')).toBe(true);
    // The labels that do hold a name need only the ASCII patterns, unless a letter outside ASCII touches a word.
    for (const label of ['σ (I-CFM path)', 'Monte-Carlo samples N', 'OT-CFM', 'σ = 0.1 (2-RF)'])
      expect(asciiDecides(label), label).toBe(true);
    for (const label of ['é-CFM', 'CFM-σ', 'xé', 'ε-OT-CFM', 'x₀ (OT-CFM)']) expect(asciiDecides(label), label).toBe(false);
  });
});
