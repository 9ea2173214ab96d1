"""Training throughput of candidate UNet configs on this machine (issue 11: pick a CPU config).

For each config: a class-conditional UNet, one OT-CFM training step (forward + backward + Adam +
EMA, exact minibatch OT included) on random data shaped like CIFAR-10, timed over `--steps` steps
after `--warmup` untimed ones. Prints images/s per config and thread count, and the images one
CPU-hour buys, so the choice can be argued from figures.

  OMP_NUM_THREADS=2 /usr/bin/python3 bench_configs.py --threads 1 2 --batch 64
"""
from __future__ import annotations

import argparse
import copy
import json
import time

import torch

from train import Recipe, cfm_batch, ema_update
from unet import UNet, UNetConfig, count_params

CANDIDATES = {
    # the committed smoke preset: 32 channels, one block per level, no attention
    'cpu-small': UNetConfig(base_channels=32, channel_mult=[1, 2, 2], num_res_blocks=1, attn_resolutions=[]),
    # same depth, 48 channels
    'cpu-wide': UNetConfig(base_channels=48, channel_mult=[1, 2, 2], num_res_blocks=1, attn_resolutions=[]),
    # 32 channels, two blocks per level, attention at 8x8
    'cpu-deep-attn': UNetConfig(base_channels=32, channel_mult=[1, 2, 2], num_res_blocks=2, attn_resolutions=[8]),
}


def bench(cfg: UNetConfig, batch: int, steps: int, warmup: int) -> float:
    cfg = copy.deepcopy(cfg)
    cfg.num_classes = 10
    model = UNet(cfg)
    ema = copy.deepcopy(model).requires_grad_(False)
    opt = torch.optim.Adam(model.parameters(), lr=1e-4)
    recipe = Recipe(method='ot', batch_size=batch)
    gen = torch.Generator().manual_seed(0)
    x1 = torch.rand(batch, 3, 32, 32, generator=gen) * 2 - 1
    y = torch.randint(0, 11, (batch,), generator=gen)
    t0 = 0.0
    for i in range(warmup + steps):
        if i == warmup:
            t0 = time.perf_counter()
        xt, t, ut = cfm_batch(x1, recipe, gen)
        loss = (model(xt, t, y) - ut).pow(2).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        ema_update(ema, model, 0.999)
    return batch * steps / (time.perf_counter() - t0)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--threads', type=int, nargs='+', default=[1, 2])
    p.add_argument('--batch', type=int, default=64)
    p.add_argument('--steps', type=int, default=12)
    p.add_argument('--warmup', type=int, default=3)
    p.add_argument('--configs', nargs='+', default=list(CANDIDATES))
    a = p.parse_args()
    for name in a.configs:
        cfg = copy.deepcopy(CANDIDATES[name])
        cfg.num_classes = 10
        n = count_params(UNet(cfg))
        for th in a.threads:
            torch.set_num_threads(th)
            ips = bench(CANDIDATES[name], a.batch, a.steps, a.warmup)
            print(json.dumps({'config': name, 'params': n, 'threads': th, 'batch': a.batch,
                              'images_per_s': round(ips, 1), 'epochs_per_cpu_hour': round(ips * 3600 / 50000, 2)}),
                  flush=True)


if __name__ == '__main__':
    main()
