"""PyTorch reference timing for `npm run bench:cifar`: 16 images x 20 Euler NFE with an exported checkpoint.

Loads public/checkpoints/<name>/ (model.json + shards, float16 or float32) back into training/unet.py's
UNet (TF layout -> PyTorch layout), runs Euler from seeded noise, prints one JSON line with seconds.
The work is the widget's: a class-conditional checkpoint with --guidance w != 1 evaluates the
conditional and the null-class halves as one batch of 2n per step (guided_velocity), as unet.ts does.
  OMP_NUM_THREADS=1 python3 training/bench_sampling.py --checkpoint public/checkpoints/cifar10-ot-cfm-cpu
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import torch

from unet import UNet, UNetConfig, guided_velocity


def load_exported(folder: Path) -> UNet:
    mj = json.loads((folder / 'model.json').read_text())
    model = UNet(UNetConfig.from_dict(mj['config']))
    state = {}
    for group in mj['weightsManifest']:
        blob = b''.join((folder / p).read_bytes() for p in group['paths'])
        off = 0
        for w in group['weights']:
            n = int(np.prod(w['shape'])) if w['shape'] else 1
            f16 = w.get('quantization', {}).get('dtype') == 'float16'
            size = n * (2 if f16 else 4)
            a = np.frombuffer(blob[off:off + size], dtype='<f2' if f16 else '<f4').astype(np.float32).reshape(w['shape'])
            off += size
            if a.ndim == 4:
                a = a.transpose(3, 2, 0, 1)
            elif a.ndim == 2 and not w['name'].startswith('class_emb'):
                a = a.T
            state[w['name']] = torch.from_numpy(np.ascontiguousarray(a))
    model.load_state_dict(state)
    return model.eval()


@torch.no_grad()
def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument('--checkpoint', required=True)
    p.add_argument('--n', type=int, default=16)
    p.add_argument('--nfe', type=int, default=20)
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--repeats', type=int, default=2)
    p.add_argument('--guidance', type=float, default=1.0)
    p.add_argument('--profile', action='store_true', help='time one guided evaluation, split into convolutions and the rest')
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    model = load_exported(Path(a.checkpoint))
    if a.profile:
        profile_evaluation(model, a)
        return
    g = torch.Generator().manual_seed(0)
    times = []
    for _ in range(a.repeats):
        x = torch.randn(a.n, 3, 32, 32, generator=g)
        y = torch.arange(a.n) % model.cfg.num_classes if model.cfg.num_classes > 0 else None
        t0 = time.perf_counter()
        for i in range(a.nfe):
            x = x + guided_velocity(model, x, torch.full((a.n,), i / a.nfe), y, a.guidance) / a.nfe
        times.append(time.perf_counter() - t0)
    print(json.dumps({'engine': f'pytorch {torch.__version__} cpu', 'threads': a.threads, 'n': a.n, 'nfe': a.nfe, 'guidance': a.guidance,
                      'batch': a.n * (2 if y is not None and a.guidance != 1.0 else 1),
                      'seconds': min(times), 'all_seconds': times}))


def profile_evaluation(model: UNet, a: argparse.Namespace) -> None:
    """One guided velocity evaluation (the sampler's unit of work): its time, best of five, and the
    share of it inside convolutions (torch.profiler's self CPU time of aten::mkldnn_convolution /
    aten::thnn_conv2d / aten::_convolution and their children, summed)."""
    g = torch.Generator().manual_seed(0)
    x = torch.randn(a.n, 3, 32, 32, generator=g)
    y = torch.arange(a.n) % model.cfg.num_classes if model.cfg.num_classes > 0 else None
    t = torch.full((a.n,), 0.3)
    for _ in range(2):
        guided_velocity(model, x, t, y, a.guidance)
    best = float('inf')
    for _ in range(5):
        t0 = time.perf_counter()
        guided_velocity(model, x, t, y, a.guidance)
        best = min(best, time.perf_counter() - t0)
    with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU]) as prof:
        guided_velocity(model, x, t, y, a.guidance)
    events = prof.key_averages()
    total_us = sum(e.self_cpu_time_total for e in events)
    conv_us = sum(e.self_cpu_time_total for e in events if 'conv' in e.key or 'mkldnn' in e.key)
    print(json.dumps({'engine': f'pytorch {torch.__version__} cpu', 'threads': a.threads, 'evaluationMs': round(best * 1000, 1),
                      'convShare': round(conv_us / total_us, 3) if total_us else None}))


if __name__ == '__main__':
    main()
