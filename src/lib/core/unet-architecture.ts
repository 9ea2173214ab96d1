/**
 * The layout and parameter count of the book's CIFAR UNet velocity field, computed from its
 * architecture config (the `architecture.config` block of a checkpoint's metadata.json, written by
 * training/unet.py's `UNetConfig`). It mirrors `UNet.__init__` of training/unet.py block for block,
 * so the chapter's architecture figure and its parameter counts are generated from the shipped
 * checkpoint and cannot drift from it; a test checks the total against the count PyTorch recorded.
 *
 * Parameter counts (weights + biases), with c₀ = base channels and E = 4c₀ the embedding width (the
 * notation of chapter 11):
 *   Linear(a, b): a·b + b;   Conv k×k (a → b): k²·a·b + b;   GroupNorm(c): 2c;
 *   ResBlock(a → b): GN(a) + conv3(a→b) + Linear(E, b) + GN(b) + conv3(b→b) [+ conv1(a→b) if a ≠ b];
 *   AttnBlock(c): GN(c) + conv1(c → 3c) + conv1(c → c);   Down/Upsample(c): conv3(c → c);
 *   time MLP: Linear(c₀, E) + Linear(E, E);   class embedding: (K + 1)·E (row K is the null class ∅).
 */

/** training/unet.py `UNetConfig`, as stored in metadata.json (snake_case keys). */
export interface UNetArchitectureConfig {
  image_size: number;
  in_channels: number;
  base_channels: number;
  channel_mult: readonly number[];
  num_res_blocks: number;
  attn_resolutions: readonly number[];
  groups: number;
  num_classes: number;
  time_scale?: number;
  dropout?: number;
}

export type UNetBlockKind = 'conv-in' | 'res' | 'attn' | 'down' | 'mid-res' | 'mid-attn' | 'up' | 'conv-out';

export interface UNetBlock {
  kind: UNetBlockKind;
  /** Input and output channels (for a decoder ResBlock, `cin` includes the concatenated skip). */
  cin: number;
  cout: number;
  /** Side length of the feature map the block works on (for 'down', the input side). */
  resolution: number;
  /** Channels of the skip tensor concatenated to the input (decoder ResBlocks), else 0. */
  skip: number;
  params: number;
}

export interface UNetLevel {
  /** 0 = full resolution. */
  level: number;
  resolution: number;
  channels: number;
  /** Encoder blocks of this level, in order (ResBlocks, attention, then the downsampler). */
  down: UNetBlock[];
  /** Decoder blocks of this level, in order (ResBlocks with skips, attention, then the upsampler). */
  up: UNetBlock[];
}

export interface UNetLayout {
  config: UNetArchitectureConfig;
  /** Width c₀ of the first convolution and of the sinusoidal time features. */
  baseChannels: number;
  /** Width E = 4c₀ of the time (and class) embedding added in every ResBlock. */
  embeddingWidth: number;
  convIn: UNetBlock;
  levels: UNetLevel[];
  mid: UNetBlock[];
  convOut: UNetBlock;
  /** Parameters of the time MLP (Linear(c₀, E), SiLU, Linear(E, E)); the sinusoid has none. */
  timeMlpParams: number;
  /** Parameters of the class embedding, (K + 1)·E, or 0 for an unconditional model. */
  classEmbeddingParams: number;
  /** Rows of the class embedding: K classes and the null class, or 0. */
  classEmbeddingRows: number;
  totalParams: number;
}

const linear = (a: number, b: number): number => a * b + b;
const conv = (k: number, a: number, b: number): number => k * k * a * b + b;
const groupNorm = (c: number): number => 2 * c;

/** Parameters of one residual block a → b with embedding width e (training/unet.py `ResBlock`). */
export function resBlockParams(cin: number, cout: number, embeddingWidth: number): number {
  const skip = cin !== cout ? conv(1, cin, cout) : 0;
  return groupNorm(cin) + conv(3, cin, cout) + linear(embeddingWidth, cout) + groupNorm(cout) + conv(3, cout, cout) + skip;
}

/** Parameters of one single-head self-attention block on c channels (training/unet.py `AttnBlock`). */
export function attentionParams(channels: number): number {
  return groupNorm(channels) + conv(1, channels, 3 * channels) + conv(1, channels, channels);
}

function checkConfig(cfg: UNetArchitectureConfig): void {
  const ints: [string, number][] = [
    ['image_size', cfg.image_size],
    ['in_channels', cfg.in_channels],
    ['base_channels', cfg.base_channels],
    ['num_res_blocks', cfg.num_res_blocks],
    ['groups', cfg.groups],
  ];
  for (const [name, v] of ints) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`UNet config: ${name} must be a positive integer (got ${String(v)})`);
  }
  if (!Number.isInteger(cfg.num_classes) || cfg.num_classes < 0) {
    throw new RangeError(`UNet config: num_classes must be a non-negative integer (got ${String(cfg.num_classes)})`);
  }
  if (!Array.isArray(cfg.channel_mult) || cfg.channel_mult.length === 0 || !cfg.channel_mult.every((m) => Number.isInteger(m) && m > 0)) {
    throw new RangeError('UNet config: channel_mult must be a non-empty list of positive integers');
  }
  if (cfg.image_size % 2 ** (cfg.channel_mult.length - 1) !== 0) {
    throw new RangeError(`UNet config: image_size ${cfg.image_size} cannot be halved ${cfg.channel_mult.length - 1} times`);
  }
}

/** The block-by-block layout of the UNet for `cfg`, with the parameters of every block and the total. */
export function unetLayout(cfg: UNetArchitectureConfig): UNetLayout {
  checkConfig(cfg);
  const c = cfg.base_channels;
  const e = 4 * c;
  const attnAt = new Set(cfg.attn_resolutions);
  const last = cfg.channel_mult.length - 1;

  const convIn: UNetBlock = {
    kind: 'conv-in',
    cin: cfg.in_channels,
    cout: c,
    resolution: cfg.image_size,
    skip: 0,
    params: conv(3, cfg.in_channels, c),
  };
  const skips: number[] = [c];
  let cur = c;
  let res = cfg.image_size;
  const levels: UNetLevel[] = cfg.channel_mult.map((mult, level) => {
    const down: UNetBlock[] = [];
    for (let i = 0; i < cfg.num_res_blocks; i++) {
      down.push({ kind: 'res', cin: cur, cout: c * mult, resolution: res, skip: 0, params: resBlockParams(cur, c * mult, e) });
      cur = c * mult;
      if (attnAt.has(res)) down.push({ kind: 'attn', cin: cur, cout: cur, resolution: res, skip: 0, params: attentionParams(cur) });
      skips.push(cur);
    }
    const lv: UNetLevel = { level, resolution: res, channels: c * mult, down, up: [] };
    if (level !== last) {
      down.push({ kind: 'down', cin: cur, cout: cur, resolution: res, skip: 0, params: conv(3, cur, cur) });
      skips.push(cur);
      res /= 2;
    }
    return lv;
  });

  const mid: UNetBlock[] = [{ kind: 'mid-res', cin: cur, cout: cur, resolution: res, skip: 0, params: resBlockParams(cur, cur, e) }];
  if (attnAt.has(res)) mid.push({ kind: 'mid-attn', cin: cur, cout: cur, resolution: res, skip: 0, params: attentionParams(cur) });
  mid.push({ kind: 'mid-res', cin: cur, cout: cur, resolution: res, skip: 0, params: resBlockParams(cur, cur, e) });

  for (let level = last; level >= 0; level--) {
    const out = c * cfg.channel_mult[level];
    const up = levels[level].up;
    for (let i = 0; i < cfg.num_res_blocks + 1; i++) {
      const skip = skips.pop();
      if (skip === undefined) throw new Error('UNet layout: ran out of skip connections');
      up.push({ kind: 'res', cin: cur + skip, cout: out, resolution: res, skip, params: resBlockParams(cur + skip, out, e) });
      cur = out;
      if (attnAt.has(res)) up.push({ kind: 'attn', cin: cur, cout: cur, resolution: res, skip: 0, params: attentionParams(cur) });
    }
    if (level !== 0) {
      up.push({ kind: 'up', cin: cur, cout: cur, resolution: res, skip: 0, params: conv(3, cur, cur) });
      res *= 2;
    }
  }
  if (skips.length !== 0) throw new Error(`UNet layout: ${skips.length} skip connections left over`);

  const convOut: UNetBlock = {
    kind: 'conv-out',
    cin: cur,
    cout: cfg.in_channels,
    resolution: res,
    skip: 0,
    params: groupNorm(cur) + conv(3, cur, cfg.in_channels),
  };
  const timeMlpParams = linear(c, e) + linear(e, e);
  const classEmbeddingRows = cfg.num_classes > 0 ? cfg.num_classes + 1 : 0;
  const classEmbeddingParams = classEmbeddingRows * e;
  const blocks = [convIn, ...levels.flatMap((l) => [...l.down, ...l.up]), ...mid, convOut];
  const totalParams = timeMlpParams + classEmbeddingParams + blocks.reduce((s, b) => s + b.params, 0);
  return {
    config: cfg,
    baseChannels: c,
    embeddingWidth: e,
    convIn,
    levels,
    mid,
    convOut,
    timeMlpParams,
    classEmbeddingParams,
    classEmbeddingRows,
    totalParams,
  };
}
