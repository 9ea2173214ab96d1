"""Conditional flow matching on CIFAR-10 (I-CFM or OT-CFM), resumable and time-boxed.

Path (book notation, t = 0 noise, t = 1 data): x_0 ~ N(0, I), x_1 ~ data,
    x_t = t x_1 + (1 - t) x_0 + sigma eps,   target u_t = x_1 - x_0,
loss = || u_t^theta(x_t, t[, y]) - (x_1 - x_0) ||^2 averaged over pixels.
* I-CFM: (x_0, x_1) drawn independently.
* OT-CFM: within each minibatch, x_0 is re-paired with x_1 by the exact optimal assignment for the
  squared Euclidean cost (scipy.optimize.linear_sum_assignment on the B x B cost matrix).
Class-conditional models see the label of x_1, replaced by the null class with probability p_uncond
(classifier-free guidance at sampling time).

Example (CPU smoke run):
  OMP_NUM_THREADS=1 python3 train.py --data ../../shared/data/cifar10 --run runs/cpu-ot \
      --preset cpu-small --method ot --max-minutes 25
"""
from __future__ import annotations

import argparse
import contextlib
import copy
import json
import math
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
from scipy.optimize import linear_sum_assignment

from checkpoint_io import load_state, save_state
from data import load_split
from unet import PRESETS, UNet, UNetConfig, count_params


@dataclass
class Recipe:
    method: str = 'ot'          # 'ot' (OT-CFM, exact minibatch OT) or 'icfm' (independent coupling)
    sigma: float = 0.0
    batch_size: int = 64
    lr: float = 5e-4
    warmup_steps: int = 200
    weight_decay: float = 0.0
    grad_clip: float = 1.0
    ema_decay: float = 0.999
    p_uncond: float = 0.1
    hflip: bool = True
    seed: int = 0


def ot_pair(x0: torch.Tensor, x1: torch.Tensor) -> torch.Tensor:
    """Reorders x0 so that (x0[i], x1[i]) is the exact minibatch OT plan for squared L2 cost."""
    a = x0.reshape(x0.shape[0], -1).float()
    b = x1.reshape(x1.shape[0], -1).float()
    cost = torch.cdist(a, b).pow(2).cpu().double().numpy()
    rows, cols = linear_sum_assignment(cost)
    perm = np.empty_like(cols)
    perm[cols] = rows  # x1 index j is matched with x0 index perm[j]
    return x0[torch.as_tensor(perm, device=x0.device)]


def cfm_batch(x1: torch.Tensor, recipe: Recipe, gen: torch.Generator):
    x0 = torch.randn(x1.shape, generator=gen, device=x1.device)
    if recipe.method == 'ot':
        x0 = ot_pair(x0, x1)
    elif recipe.method != 'icfm':
        raise ValueError(recipe.method)
    t = torch.rand(x1.shape[0], generator=gen, device=x1.device)
    tb = t[:, None, None, None]
    xt = tb * x1 + (1 - tb) * x0
    if recipe.sigma > 0:
        xt = xt + recipe.sigma * torch.randn(x1.shape, generator=gen, device=x1.device)
    return xt, t, x1 - x0


@torch.no_grad()
def ema_update(ema: torch.nn.Module, model: torch.nn.Module, decay: float) -> None:
    pes, pms = list(ema.parameters()), [pm.detach().float() for pm in model.parameters()]
    if hasattr(torch, '_foreach_lerp_'):  # one kernel for all tensors on CUDA (PyTorch >= 2.0); same arithmetic
        torch._foreach_lerp_(pes, pms, 1 - decay)
        return
    for pe, pm in zip(pes, pms):
        pe.lerp_(pm, 1 - decay)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--data', required=True, help='CIFAR-10 folder (see shared/data/cifar10/README.md)')
    p.add_argument('--split', default='train', choices=['train', 'fixture'])
    p.add_argument('--run', required=True, help='run folder (resumed when it holds a checkpoint)')
    p.add_argument('--preset', default='cpu-small', choices=list(PRESETS))
    p.add_argument('--conditional', action='store_true', help='class-conditional with a null class (CFG)')
    p.add_argument('--method', default='ot', choices=['ot', 'icfm'])
    p.add_argument('--sigma', type=float, default=0.0)
    p.add_argument('--batch', type=int, default=64)
    p.add_argument('--lr', type=float, default=5e-4)
    p.add_argument('--warmup', type=int, default=200)
    p.add_argument('--ema', type=float, default=0.999)
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--max-minutes', type=float, default=10.0, help='wall-clock budget of this invocation')
    p.add_argument('--max-steps', type=int, default=10**9, help='total step budget across resumes')
    p.add_argument('--save-minutes', type=float, default=5.0)
    p.add_argument('--log-every', type=int, default=20)
    p.add_argument('--device', default='auto')
    p.add_argument('--compile', action='store_true', help='torch.compile (PyTorch 2, CUDA)')
    p.add_argument('--init-from', default=None,
                   help='exported checkpoint folder (public/checkpoints/<name>/) to warm-start a NEW run from: '
                        'its EMA weights seed both the model and the EMA, its config and recipe are kept, its '
                        'step/image/wall counts and session log carry over; the optimiser starts afresh (use '
                        '--warmup for a short warm-up)')
    a = p.parse_args()

    t_start = time.time()
    device = torch.device('cuda' if a.device == 'auto' and torch.cuda.is_available() else ('cpu' if a.device == 'auto' else a.device))
    cuda = device.type == 'cuda'
    # torchrun (DistributedDataParallel): one process per GPU (or per CPU slot with gloo). Every rank
    # holds the same replica; each draws its own share of the global batch; gradients are averaged.
    world, rank = int(os.environ.get('WORLD_SIZE', '1')), int(os.environ.get('RANK', '0'))
    if world > 1:
        torch.distributed.init_process_group('nccl' if cuda else 'gloo')
        if cuda:
            device = torch.device('cuda', int(os.environ.get('LOCAL_RANK', '0')))
            torch.cuda.set_device(device)
    main_rank = rank == 0
    run = Path(a.run)
    run.mkdir(parents=True, exist_ok=True)
    state = load_state(run, map_location=device)
    init_weights, sessions = None, []
    if (run / 'sessions.json').exists():
        sessions = json.loads((run / 'sessions.json').read_text())

    if state is None and a.init_from:
        from tfjs_weights import load_tfjs_checkpoint
        cfg, init_weights, meta = load_tfjs_checkpoint(a.init_from)
        recipe = Recipe(**{**meta['training']['recipe'], 'warmup_steps': a.warmup})
        step, images_seen = meta['training']['steps'], meta['training']['images_seen']
        wall = meta['training']['wall_seconds']
        sessions = meta['training'].get('sessions', [])
        print(f'warm start from {a.init_from} at step {step} ({images_seen} images); optimiser state is new')
    elif state is None:
        cfg = copy.deepcopy(PRESETS[a.preset])
        if a.conditional:
            cfg.num_classes = 10
        recipe = Recipe(method=a.method, sigma=a.sigma, batch_size=a.batch, lr=a.lr, warmup_steps=a.warmup,
                        ema_decay=a.ema, seed=a.seed)
        step, images_seen, wall = 0, 0, 0.0
    else:
        cfg = UNetConfig.from_dict(state['config'])
        recipe = Recipe(**state['recipe'])
        step, images_seen, wall = state['step'], state['images_seen'], state['wall_seconds']
        print(f'resuming {run} at step {step} ({images_seen} images, {wall / 60:.1f} min so far)')

    torch.manual_seed(recipe.seed + step)
    x_u8, labels = load_split(a.data, a.split)
    # Keep the data as uint8 NHWC on the device (150 MB for the full set); convert per batch.
    data = torch.from_numpy(np.ascontiguousarray(x_u8)).to(device)
    labels_t = torch.from_numpy(labels).to(device)
    n = data.shape[0]

    model = UNet(cfg).to(device)
    ema = copy.deepcopy(model).requires_grad_(False)
    opt = torch.optim.Adam(model.parameters(), lr=recipe.lr, weight_decay=recipe.weight_decay,
                           **({'fused': True} if cuda else {}))  # fused: one kernel per step on CUDA
    if state is not None:
        model.load_state_dict(state['model'])
        ema.load_state_dict(state['ema'])
        opt.load_state_dict(state['opt'])
    elif init_weights is not None:
        model.load_state_dict(init_weights)
        ema.load_state_dict(init_weights)
    start_step, start_images = step, images_seen
    if cuda:
        model = model.to(memory_format=torch.channels_last)
    if recipe.batch_size % world:
        raise SystemExit(f'--batch {recipe.batch_size} must be divisible by the number of processes ({world})')
    local_batch = recipe.batch_size // world
    trained = model
    if world > 1:
        trained = torch.nn.parallel.DistributedDataParallel(model, device_ids=[device.index] if cuda else None)
    fwd = torch.compile(trained) if a.compile else trained
    n_params = count_params(model)
    print(f'device {device}, params {n_params:,}, config {cfg.to_dict()}, recipe {asdict(recipe)}')

    gen = torch.Generator(device=device)
    gen.manual_seed(recipe.seed * 1_000_003 + step + 7919 * rank)
    log_f = open(run / 'log.jsonl', 'a') if main_rank else None

    def snapshot() -> dict:
        return {'config': cfg.to_dict(), 'recipe': asdict(recipe), 'step': step, 'images_seen': images_seen,
                'wall_seconds': wall + (time.time() - t_start), 'model': model.state_dict(), 'ema': ema.state_dict(),
                'opt': opt.state_dict(), 'n_params': n_params, 'data': {'path': str(a.data), 'split': a.split, 'n': n},
                'device': str(device), 'torch': torch.__version__}

    def write_sessions() -> None:
        # One record per invocation: what this session added (the checkpoint's per-session training figures).
        secs = time.time() - t_start
        rec = {'started': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(t_start)), 'steps': step - start_step,
               'images': images_seen - start_images, 'wall_seconds': round(secs, 1),
               'images_per_s': round((images_seen - start_images) / max(secs, 1e-9), 1),
               'epochs': round((images_seen - start_images) / n, 3), 'threads': torch.get_num_threads(),
               'device': str(device), 'end_step': step}
        (run / 'sessions.json').write_text(json.dumps(sessions + [rec], indent=1) + '\n')

    last_save = time.time()
    window_t, window_imgs, window_loss, window_n = time.time(), 0, 0.0, 0
    model.train()
    def keep_going() -> bool:
        go = step < a.max_steps and (time.time() - t_start) < a.max_minutes * 60
        if world > 1:  # every rank must stop at the same step, or the next all-reduce hangs
            flag = torch.tensor([1 if go else 0], device=device)
            torch.distributed.all_reduce(flag, op=torch.distributed.ReduceOp.MIN)
            go = bool(flag.item())
        return go

    while keep_going():
        idx = torch.randint(0, n, (local_batch,), generator=gen, device=device)
        x1 = data[idx].permute(0, 3, 1, 2).float().div(127.5).sub(1)
        if recipe.hflip:
            flip = torch.rand(local_batch, generator=gen, device=device) < 0.5
            x1 = torch.where(flip[:, None, None, None], x1.flip(3), x1)
        y = None
        if cfg.num_classes > 0:
            y = labels_t[idx].clone()
            drop = torch.rand(local_batch, generator=gen, device=device) < recipe.p_uncond
            y[drop] = cfg.num_classes
        xt, t, ut = cfm_batch(x1, recipe, gen)
        if cuda:
            xt = xt.contiguous(memory_format=torch.channels_last)
        lr = recipe.lr * min(1.0, (step + 1) / max(1, recipe.warmup_steps))
        for g in opt.param_groups:
            g['lr'] = lr
        with (torch.autocast(device_type='cuda', dtype=torch.bfloat16) if cuda else contextlib.nullcontext()):
            pred = fwd(xt, t, y)
        loss = (pred.float() - ut).pow(2).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), recipe.grad_clip)
        opt.step()
        ema_update(ema, model, min(recipe.ema_decay, (1 + step) / (10 + step)))
        step += 1
        images_seen += recipe.batch_size
        window_imgs += recipe.batch_size
        window_loss = window_loss + loss.detach()  # no per-step GPU sync; read at log time
        window_n += 1
        if step % a.log_every == 0 and main_rank:
            dt = time.time() - window_t
            rec = {'step': step, 'loss': float(window_loss) / window_n, 'images_per_s': window_imgs / dt, 'lr': lr,
                   'images_seen': images_seen, 'wall_s': wall + time.time() - t_start}
            print(json.dumps(rec), flush=True)
            log_f.write(json.dumps(rec) + '\n')
            log_f.flush()
            window_t, window_imgs, window_loss, window_n = time.time(), 0, 0.0, 0
        if main_rank and time.time() - last_save > a.save_minutes * 60:
            save_state(snapshot(), run)
            write_sessions()
            last_save = time.time()
    if world > 1:
        # The replicas must be bit-identical (same initial weights, averaged gradients, same updates).
        flat = torch.cat([p.detach().reshape(-1).double() for p in list(model.parameters()) + list(ema.parameters())])
        ref = flat.clone()
        torch.distributed.broadcast(ref, src=0)
        diff = torch.tensor([float((flat - ref).abs().max())], device=device)
        torch.distributed.all_reduce(diff, op=torch.distributed.ReduceOp.MAX)
        if main_rank:
            print(json.dumps({'ddp_world_size': world, 'ddp_replicas_max_abs_diff': float(diff.item())}), flush=True)
    if not main_rank:
        torch.distributed.destroy_process_group()
        return
    save_state(snapshot(), run)
    write_sessions()
    if world > 1:
        torch.distributed.destroy_process_group()
    print(f'saved {run}/ckpt at step {step}, {images_seen} images, '
          f'{(wall + time.time() - t_start) / 60:.1f} min total')


if __name__ == '__main__':
    main()
