import { describe, expect, it } from 'vitest';
import { nameRuns } from '../../../src/lib/core/hyphenated-names.ts';

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
