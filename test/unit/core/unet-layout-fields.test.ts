/**
 * The UNet layout's block fields (what the architecture figure draws), not only the parameter
 * total: every block's input is the previous block's output (plus the skip it concatenates in the
 * decoder), channels are base × mult per level, resolutions halve going down and double going up,
 * and the stem and head are named. And every guard names the field it refuses.
 */
import { describe, expect, it } from 'vitest';
import { unetLayout, type UNetArchitectureConfig, type UNetBlock } from '../../../src/lib/core/unet-architecture.ts';

const CFG: UNetArchitectureConfig = {
  image_size: 32,
  in_channels: 3,
  base_channels: 16,
  channel_mult: [1, 2, 3],
  num_res_blocks: 2,
  attn_resolutions: [16],
  groups: 4,
  num_classes: 0,
};

describe('UNet layout fields', () => {
  const l = unetLayout(CFG);
  const chain: UNetBlock[] = [
    l.convIn,
    ...l.levels.flatMap((v) => v.down),
    ...l.mid,
    ...[...l.levels].reverse().flatMap((v) => v.up),
    l.convOut,
  ];

  it('stem and head: 3 → 16 and back to 3 at full resolution', () => {
    expect(l.convIn).toMatchObject({ kind: 'conv-in', cin: 3, cout: 16, resolution: 32, skip: 0 });
    expect(l.convOut).toMatchObject({ kind: 'conv-out', cin: 16, cout: 3, resolution: 32, skip: 0 });
  });

  it('each block takes what the previous one gives, plus its skip in the decoder', () => {
    for (let k = 1; k < chain.length; k++) expect(chain[k].cin, `block ${k} (${chain[k].kind})`).toBe(chain[k - 1].cout + chain[k].skip);
  });

  it('encoder ResBlocks output base × mult at the level resolution; resolution halves down and doubles up', () => {
    l.levels.forEach((v, level) => {
      expect(v.resolution).toBe(32 / 2 ** level);
      expect(v.channels).toBe(16 * CFG.channel_mult[level]);
      for (const b of v.down) {
        expect(b.resolution).toBe(v.resolution);
        if (b.kind === 'res') expect(b.cout).toBe(v.channels);
      }
      for (const b of v.up) {
        expect(b.resolution).toBe(v.resolution);
        if (b.kind === 'res') expect(b.cout).toBe(v.channels);
      }
    });
    expect(l.mid.every((b) => b.resolution === 8 && b.cin === 48 && b.cout === 48)).toBe(true);
    // Skips: the decoder's ResBlocks consume, last first, the encoder's outputs (stem, ResBlocks, downsamplers).
    const pushed = [16, ...l.levels.flatMap((v) => v.down.filter((b) => b.kind !== 'attn').map((b) => b.cout))];
    const popped = [...l.levels]
      .reverse()
      .flatMap((v) => v.up.filter((b) => b.kind === 'res').map((b) => b.skip))
      .reverse();
    expect(popped).toEqual(pushed);
  });
});

describe('UNet config guards name what they refuse', () => {
  it('every integer field, and halving the image size once per extra level', () => {
    expect(() => unetLayout({ ...CFG, image_size: 0 })).toThrow(/image_size must be a positive integer/);
    expect(() => unetLayout({ ...CFG, in_channels: 2.5 })).toThrow(/in_channels must be a positive integer/);
    expect(() => unetLayout({ ...CFG, groups: -1 })).toThrow(/groups must be a positive integer/);
    // Three levels halve twice: 36 = 4 · 9 is fine, 34 is not (and the message says twice).
    expect(unetLayout({ ...CFG, image_size: 36, attn_resolutions: [] }).levels.map((v) => v.resolution)).toEqual([36, 18, 9]);
    expect(() => unetLayout({ ...CFG, image_size: 34 })).toThrow(/image_size 34 cannot be halved 2 times/);
  });
});
