/**
 * The CIFAR-10 UNet velocity field u_t^θ(x[, y]) in TF.js, layer for layer the same network as
 * training/unet.py, in NHWC. Weights come from a checkpoint (checkpoint.ts) under PyTorch's names,
 * already in TF layout (conv kernels [kh, kw, in, out], dense kernels [in, out]).
 *
 * Two details decide parity with PyTorch:
 * - stride-2 convolutions: PyTorch pads 1 pixel on every side; TF's 'same' would pad 0 before and
 *   1 after for even sizes. So the input is padded explicitly and convolved with 'valid'.
 * - GroupNorm: PyTorch splits the C channels into G contiguous groups; in NHWC that is a reshape to
 *   [B, H, W, G, C/G] with mean and variance over H, W and C/G (biased variance, ε = 1e-5).
 */
import { tf } from './tf.ts';

export interface UNetConfig {
  image_size: number;
  in_channels: number;
  base_channels: number;
  channel_mult: number[];
  num_res_blocks: number;
  attn_resolutions: number[];
  groups: number;
  /** 0: unconditional; else labels 0..num_classes-1 and the null class num_classes (guidance). */
  num_classes: number;
  time_scale: number;
  dropout?: number;
}

type Weights = Record<string, tf.Tensor>;
/** One entry of the layer plan; `attn` names the attention block after a residual block, if any. */
interface Block {
  kind: 'res' | 'down' | 'up';
  prefix: string;
  attn?: string;
}

/** f_k = time_scale · 10000^(−k/half) in float64, rounded to float32 (as training/unet.py does). */
function timestepFrequencies(dim: number, timeScale: number): Float32Array {
  const half = Math.floor(dim / 2);
  const f = new Float32Array(half);
  for (let k = 0; k < half; k++) f[k] = timeScale * Math.exp((-Math.log(10000) * k) / half);
  return f;
}

/** The layer plan (names of the blocks, in order), mirroring the module construction in unet.py. */
function unetPlan(cfg: UNetConfig): { down: Block[]; midAttn: boolean; up: Block[] } {
  const down: Block[] = [];
  const up: Block[] = [];
  let res = cfg.image_size;
  let i = 0;
  cfg.channel_mult.forEach((_, level) => {
    for (let r = 0; r < cfg.num_res_blocks; r++, i++) {
      down.push({ kind: 'res', prefix: `down.${i}.res`, attn: cfg.attn_resolutions.includes(res) ? `down.${i}.attn` : undefined });
    }
    if (level !== cfg.channel_mult.length - 1) {
      down.push({ kind: 'down', prefix: `down.${i}.down.conv` });
      i++;
      res /= 2;
    }
  });
  const midAttn = cfg.attn_resolutions.includes(res);
  let j = 0;
  for (let level = cfg.channel_mult.length - 1; level >= 0; level--) {
    for (let r = 0; r < cfg.num_res_blocks + 1; r++, j++) {
      up.push({ kind: 'res', prefix: `up.${j}.res`, attn: cfg.attn_resolutions.includes(res) ? `up.${j}.attn` : undefined });
    }
    if (level !== 0) {
      up.push({ kind: 'up', prefix: `up.${j}.up.conv` });
      j++;
      res *= 2;
    }
  }
  return { down, midAttn, up };
}

export class UNet {
  readonly config: UNetConfig;
  readonly numParams: number;
  private readonly w: Weights;
  private readonly freqs: tf.Tensor1D;
  private readonly plan: ReturnType<typeof unetPlan>;

  /** Takes ownership of `weights` (dispose() frees them). Throws when a weight is missing or misshapen. */
  constructor(config: UNetConfig, weights: Weights) {
    this.config = config;
    this.w = weights;
    this.plan = unetPlan(config);
    this.freqs = tf.tensor1d(timestepFrequencies(config.base_channels, config.time_scale));
    this.numParams = Object.values(weights).reduce((a, t) => a + t.size, 0);
    this.check();
  }

  private check(): void {
    const need = [
      'time_mlp.0.weight',
      'time_mlp.2.weight',
      'conv_in.weight',
      'conv_out.weight',
      'norm_out.weight',
      'mid1.conv1.weight',
      'mid2.conv2.weight',
    ];
    if (this.config.num_classes > 0) need.push('class_emb.weight');
    for (const b of [...this.plan.down, ...this.plan.up]) {
      need.push(b.kind === 'res' ? `${b.prefix}.conv1.weight` : `${b.prefix}.weight`);
      if (b.kind === 'res' && b.attn) need.push(`${b.attn}.qkv.weight`);
    }
    if (this.plan.midAttn) need.push('mid_attn.qkv.weight');
    const missing = need.filter((n) => !this.w[n]);
    if (missing.length) throw new Error(`checkpoint lacks weights: ${missing.slice(0, 4).join(', ')}${missing.length > 4 ? ' …' : ''}`);
    const cin = this.w['conv_in.weight'].shape;
    if (cin[2] !== this.config.in_channels || cin[3] !== this.config.base_channels)
      throw new Error(`conv_in has shape [${cin.join(', ')}], config disagrees`);
  }

  dispose(): void {
    for (const t of Object.values(this.w)) t.dispose();
    this.freqs.dispose();
  }

  private p(name: string): tf.Tensor {
    const t = this.w[name];
    if (!t) throw new Error(`missing weight ${name}`);
    return t;
  }

  /**
   * Convolution with its bias added in the same kernel (TF.js's fused conv2d: one pass, not two);
   * `bias: false` leaves the bias out (the caller adds it with something else, see resBlock).
   */
  private conv(x: tf.Tensor4D, name: string, stride = 1, bias = true): tf.Tensor4D {
    const filter = this.p(`${name}.weight`) as tf.Tensor4D;
    const b = bias ? this.p(`${name}.bias`) : undefined;
    if (stride === 1) return tf.fused.conv2d({ x, filter, bias: b, strides: 1, pad: filter.shape[0] === 1 ? 'valid' : 'same' });
    const pad = (filter.shape[0] - 1) / 2; // PyTorch's symmetric padding, then 'valid'
    const padded = tf.pad(x, [
      [0, 0],
      [pad, pad],
      [pad, pad],
      [0, 0],
    ]);
    return tf.fused.conv2d({ x: padded, filter, bias: b, strides: stride, pad: 'valid' });
  }

  private dense(x: tf.Tensor2D, name: string): tf.Tensor2D {
    return tf.fused.matMul({ a: x, b: this.p(`${name}.weight`), bias: this.p(`${name}.bias`) }) as tf.Tensor2D;
  }

  /**
   * GroupNorm, then SiLU when `silu`. The statistics are per image and group: the mean and mean
   * square of each channel come from average pooling over the whole map (NHWC as it is; a reduction
   * over H, W and C/G would transpose the map first), then are averaged over each group's channels
   * (tiny tensors), var = E[x²] − E[x]². γ and β fold into one scale and one shift per image and channel,
   * so the map itself is read by two poolings and a square, and written by one multiply and one add:
   * y = x·s + b with s = γ / √(var + ε), b = β − mean·s.
   */
  private groupNorm(x: tf.Tensor4D, name: string, silu = false): tf.Tensor4D {
    const [b, h, w, c] = x.shape;
    const g = this.config.groups;
    const perGroup = (perChannel: tf.Tensor4D) => tf.mean(tf.reshape(perChannel, [b, g, c / g]), 2, true);
    const mean = perGroup(tf.avgPool(x, [h, w], 1, 'valid'));
    const variance = tf.relu(tf.sub(perGroup(tf.avgPool(tf.square(x), [h, w], 1, 'valid')), tf.square(mean)));
    const scale = tf.mul(tf.rsqrt(tf.add(variance, 1e-5)), tf.reshape(this.p(`${name}.weight`), [1, g, c / g]));
    const shift = tf.sub(tf.reshape(this.p(`${name}.bias`), [1, g, c / g]), tf.mul(mean, scale));
    const y = tf.add<tf.Tensor4D>(tf.mul(x, tf.reshape(scale, [b, 1, 1, c])), tf.reshape(shift, [b, 1, 1, c]));
    return silu ? this.silu(y) : y;
  }

  private silu<T extends tf.Tensor>(x: T): T {
    return tf.mul(x, tf.sigmoid(x));
  }

  private resBlock(x: tf.Tensor4D, emb: tf.Tensor2D, prefix: string): tf.Tensor4D {
    // conv1's bias and the time embedding's shift, both per channel, go in with one add.
    const shift = tf.add<tf.Tensor2D>(this.dense(this.silu(emb), `${prefix}.temb`), this.p(`${prefix}.conv1.bias`));
    let h = this.conv(this.groupNorm(x, `${prefix}.norm1`, true), `${prefix}.conv1`, 1, false);
    h = tf.add(h, tf.reshape(shift, [shift.shape[0], 1, 1, shift.shape[1]]));
    h = this.conv(this.groupNorm(h, `${prefix}.norm2`, true), `${prefix}.conv2`);
    const skip = this.w[`${prefix}.skip.weight`] ? this.conv(x, `${prefix}.skip`) : x;
    return tf.add(h, skip);
  }

  private attention(x: tf.Tensor4D, prefix: string): tf.Tensor4D {
    const [b, h, w, c] = x.shape;
    const qkv = tf.reshape(this.conv(this.groupNorm(x, `${prefix}.norm`), `${prefix}.qkv`), [b, h * w, 3 * c]);
    const [q, k, v] = tf.split<tf.Tensor3D>(qkv, 3, 2);
    const att = tf.softmax(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(c)));
    const out = tf.reshape<tf.Rank.R4>(tf.matMul(att, v), [b, h, w, c]);
    return tf.add(x, this.conv(out, `${prefix}.proj`));
  }

  /** Time (and class) embedding, [B, 4·base_channels]. */
  private embedding(t: tf.Tensor1D, y?: tf.Tensor1D): tf.Tensor2D {
    const args = tf.mul(tf.reshape(t, [-1, 1]), tf.reshape(this.freqs, [1, -1]));
    const sinus = tf.concat([tf.sin(args), tf.cos(args)], 1) as tf.Tensor2D;
    let emb = this.dense(this.silu(this.dense(sinus, 'time_mlp.0')), 'time_mlp.2');
    if (this.config.num_classes > 0) {
      const labels = y ?? tf.fill([t.shape[0]], this.config.num_classes, 'int32');
      emb = tf.add(emb, tf.gather(this.p('class_emb.weight'), tf.cast(labels, 'int32')));
    }
    return emb;
  }

  /**
   * u_t^θ(x | y): x [B, 32, 32, 3] NHWC in the model's space ([-1, 1] data at t = 1), t [B] in [0, 1],
   * y [B] integer labels (num_classes = null class) or undefined. Call inside tf.tidy (or dispose).
   */
  velocity(x: tf.Tensor4D, t: tf.Tensor1D, y?: tf.Tensor1D): tf.Tensor4D {
    return tf.tidy(() => {
      const emb = this.embedding(t, y);
      let h = this.conv(x, 'conv_in');
      const skips: tf.Tensor4D[] = [h];
      for (const b of this.plan.down) {
        if (b.kind === 'down') h = this.conv(h, b.prefix, 2);
        else {
          h = this.resBlock(h, emb, b.prefix);
          if (b.attn) h = this.attention(h, b.attn);
        }
        skips.push(h);
      }
      h = this.resBlock(h, emb, 'mid1');
      if (this.plan.midAttn) h = this.attention(h, 'mid_attn');
      h = this.resBlock(h, emb, 'mid2');
      for (const b of this.plan.up) {
        if (b.kind === 'up') {
          const [, hh, ww] = h.shape;
          h = this.conv(tf.image.resizeNearestNeighbor(h, [hh * 2, ww * 2]), b.prefix);
        } else {
          h = this.resBlock(tf.concat([h, skips.pop()!], 3), emb, b.prefix);
          if (b.attn) h = this.attention(h, b.attn);
        }
      }
      return this.conv(this.groupNorm(h, 'norm_out', true), 'conv_out');
    });
  }

  /**
   * Classifier-free guidance: u = u(x | ∅) + w (u(x | y) − u(x | ∅)); w = 1 is the plain conditional
   * field, w = 0 the unconditional one. Both halves run as one batch of 2B. `guidance` may also give
   * one w per image (length B: a guidance sweep of the same noise in one batch).
   */
  guidedVelocity(x: tf.Tensor4D, t: tf.Tensor1D, y: tf.Tensor1D | undefined, guidance: number | Float32Array): tf.Tensor4D {
    if (!y || this.config.num_classes === 0 || guidance === 1) return this.velocity(x, t, y);
    return tf.tidy(() => {
      const n = x.shape[0];
      const nul = tf.fill<tf.Rank.R1>([n], this.config.num_classes, 'int32');
      const both = this.velocity(tf.concat([x, x], 0), tf.concat([t, t], 0), tf.concat([tf.cast(y, 'int32'), nul], 0));
      const [vc, vu] = tf.split<tf.Tensor4D>(both, 2, 0);
      const w = typeof guidance === 'number' ? guidance : tf.tensor4d(guidance, [n, 1, 1, 1]);
      return tf.add(vu, tf.mul(tf.sub(vc, vu), w));
    });
  }
}
