"""A small UNet velocity field u_t^theta(x) for 32x32x3 images (CIFAR-10).

The network maps (x_t, t[, y]) to a velocity of the same shape as x_t. It is deliberately plain so
that the TF.js port (src/lib/nn/unet.ts) can mirror it layer for layer:

* sinusoidal embedding of t in [0, 1] (frequencies precomputed in float64, rounded to float32,
  multiplied by t in float32; sin half first, then cos), followed by Linear-SiLU-Linear;
* optional class embedding with `num_classes + 1` rows: row `num_classes` is the *null* class used
  for classifier-free guidance (labels are dropped to it with probability `p_uncond` in training);
* residual blocks GroupNorm -> SiLU -> conv3x3, plus a per-channel shift from the time embedding,
  GroupNorm -> SiLU -> conv3x3, 1x1 skip when the width changes;
* single-head self-attention only at the resolutions listed in `attn_resolutions` (e.g. 8);
* downsampling: conv3x3 stride 2 padding 1; upsampling: nearest x2 then conv3x3.

Parameter names are stable: export_tfjs.py writes them under the same names and unet.ts reads
them by name.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import List, Optional, Sequence

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class UNetConfig:
    """Architecture hyper-parameters (also written into the checkpoint's metadata.json)."""
    image_size: int = 32
    in_channels: int = 3
    base_channels: int = 32
    channel_mult: List[int] = field(default_factory=lambda: [1, 2, 2])
    num_res_blocks: int = 1
    attn_resolutions: List[int] = field(default_factory=list)
    groups: int = 8
    num_classes: int = 0  # 0 = unconditional; else a class embedding with a null row at index num_classes
    time_scale: float = 1000.0  # highest sinusoid frequency (t in [0, 1])
    dropout: float = 0.0

    def to_dict(self) -> dict:
        return asdict(self)

    @staticmethod
    def from_dict(d: dict) -> "UNetConfig":
        keys = UNetConfig.__dataclass_fields__.keys()
        return UNetConfig(**{k: v for k, v in d.items() if k in keys})


def timestep_frequencies(dim: int, time_scale: float) -> torch.Tensor:
    """Frequencies f_k = time_scale * 10000^(-k/half), k < half, computed in float64 then rounded to float32."""
    half = dim // 2
    k = torch.arange(half, dtype=torch.float64)
    return (time_scale * torch.exp(-math.log(10000.0) * k / half)).to(torch.float32)


def timestep_embedding(t: torch.Tensor, freqs: torch.Tensor) -> torch.Tensor:
    """[sin(t f_k) ..., cos(t f_k) ...] for t of shape [B]."""
    args = t.to(torch.float32)[:, None] * freqs[None, :]
    return torch.cat([torch.sin(args), torch.cos(args)], dim=1)


class ResBlock(nn.Module):
    def __init__(self, cin: int, cout: int, temb: int, groups: int, dropout: float):
        super().__init__()
        self.norm1 = nn.GroupNorm(groups, cin, eps=1e-5)
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1)
        self.temb = nn.Linear(temb, cout)
        self.norm2 = nn.GroupNorm(groups, cout, eps=1e-5)
        self.dropout = nn.Dropout(dropout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else None

    def forward(self, x: torch.Tensor, emb: torch.Tensor) -> torch.Tensor:
        h = self.conv1(F.silu(self.norm1(x)))
        h = h + self.temb(F.silu(emb))[:, :, None, None]
        h = self.conv2(self.dropout(F.silu(self.norm2(h))))
        return h + (self.skip(x) if self.skip is not None else x)


class AttnBlock(nn.Module):
    """Single-head self-attention over the H*W positions, residual."""

    def __init__(self, ch: int, groups: int):
        super().__init__()
        self.norm = nn.GroupNorm(groups, ch, eps=1e-5)
        self.qkv = nn.Conv2d(ch, 3 * ch, 1)
        self.proj = nn.Conv2d(ch, ch, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, c, h, w = x.shape
        q, k, v = self.qkv(self.norm(x)).reshape(b, 3, c, h * w).unbind(1)
        att = torch.softmax(torch.einsum('bci,bcj->bij', q, k) / math.sqrt(c), dim=-1)
        out = torch.einsum('bij,bcj->bci', att, v).reshape(b, c, h, w)
        return x + self.proj(out)


class Downsample(nn.Module):
    def __init__(self, ch: int):
        super().__init__()
        self.conv = nn.Conv2d(ch, ch, 3, stride=2, padding=1)

    def forward(self, x):
        return self.conv(x)


class Upsample(nn.Module):
    def __init__(self, ch: int):
        super().__init__()
        self.conv = nn.Conv2d(ch, ch, 3, padding=1)

    def forward(self, x):
        return self.conv(F.interpolate(x, scale_factor=2.0, mode='nearest'))


class UNet(nn.Module):
    def __init__(self, cfg: UNetConfig):
        super().__init__()
        self.cfg = cfg
        ch, temb = cfg.base_channels, cfg.base_channels * 4
        self.register_buffer('freqs', timestep_frequencies(ch, cfg.time_scale), persistent=False)
        self.time_mlp = nn.Sequential(nn.Linear(ch, temb), nn.SiLU(), nn.Linear(temb, temb))
        self.class_emb = nn.Embedding(cfg.num_classes + 1, temb) if cfg.num_classes > 0 else None
        self.conv_in = nn.Conv2d(cfg.in_channels, ch, 3, padding=1)

        self.down = nn.ModuleList()
        skips = [ch]
        cur, res = ch, cfg.image_size
        for level, mult in enumerate(cfg.channel_mult):
            for _ in range(cfg.num_res_blocks):
                blk = nn.ModuleDict({'res': ResBlock(cur, ch * mult, temb, cfg.groups, cfg.dropout)})
                cur = ch * mult
                if res in cfg.attn_resolutions:
                    blk['attn'] = AttnBlock(cur, cfg.groups)
                self.down.append(blk)
                skips.append(cur)
            if level != len(cfg.channel_mult) - 1:
                self.down.append(nn.ModuleDict({'down': Downsample(cur)}))
                skips.append(cur)
                res //= 2
        self.mid1 = ResBlock(cur, cur, temb, cfg.groups, cfg.dropout)
        self.mid_attn = AttnBlock(cur, cfg.groups) if res in cfg.attn_resolutions else None
        self.mid2 = ResBlock(cur, cur, temb, cfg.groups, cfg.dropout)

        self.up = nn.ModuleList()
        for level, mult in reversed(list(enumerate(cfg.channel_mult))):
            for _ in range(cfg.num_res_blocks + 1):
                blk = nn.ModuleDict({'res': ResBlock(cur + skips.pop(), ch * mult, temb, cfg.groups, cfg.dropout)})
                cur = ch * mult
                if res in cfg.attn_resolutions:
                    blk['attn'] = AttnBlock(cur, cfg.groups)
                self.up.append(blk)
            if level != 0:
                self.up.append(nn.ModuleDict({'up': Upsample(cur)}))
                res *= 2
        assert not skips
        self.norm_out = nn.GroupNorm(cfg.groups, cur, eps=1e-5)
        self.conv_out = nn.Conv2d(cur, cfg.in_channels, 3, padding=1)

    def forward(self, x: torch.Tensor, t: torch.Tensor, y: Optional[torch.Tensor] = None) -> torch.Tensor:
        """x: [B, 3, 32, 32] (NCHW), t: [B] in [0, 1], y: [B] int64 labels (num_classes = null) or None."""
        emb = self.time_mlp(timestep_embedding(t, self.freqs))
        if self.class_emb is not None:
            if y is None:
                y = torch.full((x.shape[0],), self.cfg.num_classes, dtype=torch.long, device=x.device)
            emb = emb + self.class_emb(y)
        h = self.conv_in(x)
        hs = [h]
        for blk in self.down:
            if 'down' in blk:
                h = blk['down'](h)
            else:
                h = blk['res'](h, emb)
                if 'attn' in blk:
                    h = blk['attn'](h)
            hs.append(h)
        h = self.mid1(h, emb)
        if self.mid_attn is not None:
            h = self.mid_attn(h)
        h = self.mid2(h, emb)
        for blk in self.up:
            if 'up' in blk:
                h = blk['up'](h)
            else:
                h = blk['res'](torch.cat([h, hs.pop()], dim=1), emb)
                if 'attn' in blk:
                    h = blk['attn'](h)
        return self.conv_out(F.silu(self.norm_out(h)))


def guided_velocity(model: UNet, x, t, y=None, guidance: float = 1.0):
    """Classifier-free guidance: v = v(x|null) + w (v(x|y) - v(x|null)); w = 1 is plain conditional."""
    if y is None or model.class_emb is None or guidance == 1.0:
        return model(x, t, y)
    null = torch.full_like(y, model.cfg.num_classes)
    both = model(torch.cat([x, x]), torch.cat([t, t]), torch.cat([y, null]))
    vc, vu = both.chunk(2)
    return vu + guidance * (vc - vu)


def count_params(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


PRESETS = {
    # CPU smoke checkpoint: ~1M parameters, no attention.
    'cpu-small': UNetConfig(base_channels=32, channel_mult=[1, 2, 2], num_res_blocks=1, attn_resolutions=[]),
    # GPU checkpoints (issue 7): wider, attention at 8x8; still cheap enough for WebGPU sampling.
    'gpu-base': UNetConfig(base_channels=64, channel_mult=[1, 2, 2], num_res_blocks=2, attn_resolutions=[8]),
    # Tiny-width model used only for the fp32 parity fixture.
    'tiny': UNetConfig(base_channels=8, channel_mult=[1, 2], num_res_blocks=1, attn_resolutions=[16], groups=4),
}
