/**
 * The UNet layout (src/lib/core/unet-architecture.ts) against the parameter counts PyTorch recorded
 * for every exported checkpoint and fixture (training/unet.py `count_params`), and its guards.
 */
import { describe, expect, it } from 'vitest';
import { attentionParams, resBlockParams, unetLayout, type UNetArchitectureConfig } from '../../../src/lib/core/unet-architecture.ts';

const SMALL: UNetArchitectureConfig = {
  image_size: 32,
  in_channels: 3,
  base_channels: 32,
  channel_mult: [1, 2, 2],
  num_res_blocks: 1,
  attn_resolutions: [],
  groups: 8,
  num_classes: 10,
};

describe('unetLayout', () => {
  it('counts the parameters PyTorch counts (cpu-small conditional and unconditional, tiny with attention)', () => {
    expect(unetLayout(SMALL).totalParams).toBe(1048291);
    expect(unetLayout({ ...SMALL, num_classes: 0 }).totalParams).toBe(1046883);
    const tiny = { ...SMALL, base_channels: 8, channel_mult: [1, 2], attn_resolutions: [16], groups: 4 };
    expect(unetLayout(tiny).totalParams).toBe(45611);
  });

  it('the null class adds one row of width 4C', () => {
    const cond = unetLayout(SMALL);
    const uncond = unetLayout({ ...SMALL, num_classes: 0 });
    expect(cond.classEmbeddingRows).toBe(11);
    expect(uncond.classEmbeddingRows).toBe(0);
    expect(cond.totalParams - uncond.totalParams).toBe(11 * 4 * 32);
  });

  it('lays out levels, skips and the middle like training/unet.py', () => {
    const l = unetLayout({ ...SMALL, num_res_blocks: 2, attn_resolutions: [8] });
    expect(l.levels.map((v) => [v.resolution, v.channels])).toEqual([
      [32, 32],
      [16, 64],
      [8, 64],
    ]);
    // Encoder: 2 ResBlocks (+ attention at 8) and a downsampler except at the last level.
    expect(l.levels.map((v) => v.down.map((b) => b.kind))).toEqual([
      ['res', 'res', 'down'],
      ['res', 'res', 'down'],
      ['res', 'attn', 'res', 'attn'],
    ]);
    // Decoder: 3 ResBlocks per level, each with a skip, an upsampler except at level 0.
    expect(l.levels[0].up.filter((b) => b.kind === 'res').map((b) => b.skip)).toEqual([32, 32, 32]);
    expect(l.levels[2].up.map((b) => b.kind)).toEqual(['res', 'attn', 'res', 'attn', 'res', 'attn', 'up']);
    expect(l.mid.map((b) => b.kind)).toEqual(['mid-res', 'mid-attn', 'mid-res']);
    expect(l.convOut.cin).toBe(32);
  });

  it('block formulas', () => {
    expect(resBlockParams(32, 32, 128)).toBe(2 * 32 + (9 * 32 * 32 + 32) + (128 * 32 + 32) + 2 * 32 + (9 * 32 * 32 + 32));
    expect(resBlockParams(32, 64, 128)).toBe(65984);
    expect(attentionParams(64)).toBe(2 * 64 + (64 * 192 + 192) + (64 * 64 + 64));
  });

  it('refuses bad configs with the reason', () => {
    expect(() => unetLayout({ ...SMALL, base_channels: 0 })).toThrow(/base_channels/);
    expect(() => unetLayout({ ...SMALL, num_res_blocks: 1.5 })).toThrow(/num_res_blocks/);
    expect(() => unetLayout({ ...SMALL, num_classes: -1 })).toThrow(/num_classes/);
    expect(() => unetLayout({ ...SMALL, channel_mult: [] })).toThrow(/channel_mult/);
    expect(() => unetLayout({ ...SMALL, channel_mult: [1, 0] })).toThrow(/channel_mult/);
    expect(() => unetLayout({ ...SMALL, image_size: 30 })).toThrow(/cannot be halved/);
  });
});
