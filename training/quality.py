"""A quality score for the CIFAR checkpoints (issue 7): a Fréchet distance in the feature space of a
small CIFAR-10 classifier trained with this code. This is NOT Inception FID (its weights cannot be
fetched here) and its values are not comparable with published FIDs; it ranks our own models.

  # 1. train the feature network (reports its test accuracy), saved to runs/classifier/
  python3 quality.py classifier --data DATA --epochs 15
  # 2. score a run (EMA weights) or an exported checkpoint at several Euler NFE and with Dopri5;
  #    also the floor (training images vs test images); optionally record into metadata.json
  python3 quality.py score --data DATA --run runs/ot --n 10000 --nfe 10 20 50 100 --dopri5 \
      --metadata ../public/checkpoints/cifar10-ot-cfm/metadata.json

Fréchet distance between Gaussians fitted to features: ‖μ₁ − μ₂‖² + tr(Σ₁ + Σ₂ − 2 (Σ₁ Σ₂)^{1/2}).
"""
from __future__ import annotations

import argparse
import contextlib
import json
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from scipy import linalg

from checkpoint_io import load_state
from data import load_split
from unet import UNet, UNetConfig, guided_velocity


class SmallCNN(nn.Module):
    """VGG-style: 3 stages of two 3x3 convs (BN, ReLU) + max-pool, global average pool -> 256-d features."""

    def __init__(self, width: int = 64):
        super().__init__()
        chans = [3, width, 2 * width, 4 * width]
        layers = []
        for i in range(3):
            layers += [nn.Conv2d(chans[i], chans[i + 1], 3, padding=1), nn.BatchNorm2d(chans[i + 1]), nn.ReLU(inplace=True),
                       nn.Conv2d(chans[i + 1], chans[i + 1], 3, padding=1), nn.BatchNorm2d(chans[i + 1]), nn.ReLU(inplace=True),
                       nn.MaxPool2d(2)]
        self.body = nn.Sequential(*layers)
        self.fc = nn.Linear(4 * width, 10)

    def features(self, x):  # x in [-1, 1], NCHW
        return self.body(x).mean(dim=(2, 3))

    def forward(self, x):
        return self.fc(self.features(x))


def to_x(u8: torch.Tensor) -> torch.Tensor:
    return u8.permute(0, 3, 1, 2).float().div(127.5).sub(1)


def augment(x: torch.Tensor, gen: torch.Generator) -> torch.Tensor:
    flip = torch.rand(x.shape[0], generator=gen, device=x.device) < 0.5
    x = torch.where(flip[:, None, None, None], x.flip(3), x)
    pad = F.pad(x, (4, 4, 4, 4), mode='reflect')
    i, j = torch.randint(0, 9, (2,), generator=gen, device=x.device).tolist()
    return pad[:, :, i:i + 32, j:j + 32]


def device_of(name: str) -> torch.device:
    return torch.device('cuda' if name == 'auto' and torch.cuda.is_available() else ('cpu' if name == 'auto' else name))


def train_classifier(a) -> None:
    dev = device_of(a.device)
    xtr, ytr = load_split(a.data, a.split)
    xte, yte = load_split(a.data, 'test')
    xtr, ytr = torch.from_numpy(np.ascontiguousarray(xtr)).to(dev), torch.from_numpy(ytr).to(dev)
    xte, yte = torch.from_numpy(xte).to(dev), torch.from_numpy(yte).to(dev)
    net = SmallCNN(a.width).to(dev)
    steps = a.epochs * (len(xtr) // a.batch)
    opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4, nesterov=True)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=max(1, steps))
    gen = torch.Generator(device=dev).manual_seed(0)
    t0 = time.time()
    net.train()
    for step in range(steps):
        idx = torch.randint(0, len(xtr), (a.batch,), generator=gen, device=dev)
        with torch.autocast('cuda', dtype=torch.bfloat16) if dev.type == 'cuda' else contextlib.nullcontext():
            loss = F.cross_entropy(net(augment(to_x(xtr[idx]), gen)), ytr[idx])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        sched.step()
        if step % 200 == 0:
            print(json.dumps({'step': step, 'loss': float(loss), 'elapsed_s': round(time.time() - t0, 1)}), flush=True)
    acc = accuracy(net, xte, yte)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    torch.save({'state': net.state_dict(), 'width': a.width, 'test_accuracy': acc, 'epochs': a.epochs,
                'train_split': a.split, 'seconds': time.time() - t0}, out / 'classifier.pt')
    print(json.dumps({'test_accuracy': acc, 'seconds': round(time.time() - t0, 1), 'saved': str(out / 'classifier.pt')}))


@torch.no_grad()
def accuracy(net: SmallCNN, x_u8: torch.Tensor, y: torch.Tensor, batch: int = 500) -> float:
    net.eval()
    correct = 0
    for i in range(0, len(x_u8), batch):
        correct += int((net(to_x(x_u8[i:i + batch])).argmax(1) == y[i:i + batch]).sum())
    return correct / len(x_u8)


@torch.no_grad()
def features(net: SmallCNN, x: torch.Tensor, batch: int = 500) -> np.ndarray:
    """x: float NCHW in [-1, 1] (clamped, as a displayed image would be)."""
    net.eval()
    return torch.cat([net.features(x[i:i + batch].clamp(-1, 1)) for i in range(0, len(x), batch)]).double().cpu().numpy()


def frechet(f1: np.ndarray, f2: np.ndarray) -> float:
    mu1, mu2 = f1.mean(0), f2.mean(0)
    s1, s2 = np.cov(f1, rowvar=False), np.cov(f2, rowvar=False)
    covmean, _ = linalg.sqrtm(s1 @ s2, disp=False)
    covmean = covmean.real
    return float(((mu1 - mu2) ** 2).sum() + np.trace(s1 + s2 - 2 * covmean))


@torch.no_grad()
def sample(model: UNet, n: int, nfe: int | None, dev, batch: int, seed: int, dopri5: bool = False) -> tuple[torch.Tensor, float]:
    g = torch.Generator(device=dev).manual_seed(seed)
    out, t0, evals = [], time.time(), 0
    cond = model.cfg.num_classes > 0
    for i in range(0, n, batch):
        b = min(batch, n - i)
        x = torch.randn(b, 3, 32, 32, generator=g, device=dev)
        y = (torch.arange(i, i + b, device=dev) % 10) if cond else None
        if dopri5:
            from torchdiffeq import odeint  # present on the GPU machine
            f = lambda t, xx: guided_velocity(model, xx, t.expand(xx.shape[0]), y, 1.0)
            x = odeint(f, x, torch.tensor([0.0, 1.0], device=dev), method='dopri5', rtol=1e-5, atol=1e-5)[-1]
        else:
            for k in range(nfe):
                x = x + guided_velocity(model, x, torch.full((b,), k / nfe, device=dev), y, 1.0) / nfe
        out.append(x)
    return torch.cat(out), time.time() - t0


def score(a) -> None:
    dev = device_of(a.device)
    ck = torch.load(Path(a.classifier), map_location=dev)
    net = SmallCNN(ck['width']).to(dev)
    net.load_state_dict(ck['state'])
    xte, _ = load_split(a.data, 'test')
    xtr, _ = load_split(a.data, 'train')
    f_test = features(net, to_x(torch.from_numpy(xte).to(dev)))
    rng = np.random.default_rng(0)
    pick = rng.choice(len(xtr), size=min(a.n, len(xtr)), replace=False)
    f_train = features(net, to_x(torch.from_numpy(np.ascontiguousarray(xtr[np.sort(pick)])).to(dev)))
    result = {'metric': 'Frechet distance in the 256-d feature space of a small CIFAR-10 classifier trained by '
                        'training/quality.py (NOT Inception FID; not comparable with published FIDs)',
              'classifier_test_accuracy': ck['test_accuracy'], 'n_samples': a.n, 'reference': 'CIFAR-10 test set (10 000)',
              'floor_train_vs_test': frechet(f_train, f_test), 'euler': {}, 'dopri5': None}
    print(json.dumps({'floor_train_vs_test': result['floor_train_vs_test']}), flush=True)
    if a.run:
        state = load_state(Path(a.run), map_location=dev)
        model = UNet(UNetConfig.from_dict(state['config'])).to(dev)
        model.load_state_dict(state['ema'])
        model.eval()
        for nfe in a.nfe:
            xs, secs = sample(model, a.n, nfe, dev, a.batch, seed=1)
            result['euler'][str(nfe)] = {'fd': frechet(features(net, xs), f_test), 'seconds': round(secs, 1)}
            print(json.dumps({'nfe': nfe, **result['euler'][str(nfe)]}), flush=True)
        if a.dopri5:
            xs, secs = sample(model, a.n, None, dev, a.batch, seed=1, dopri5=True)
            result['dopri5'] = {'fd': frechet(features(net, xs), f_test), 'seconds': round(secs, 1), 'rtol': 1e-5, 'atol': 1e-5}
            print(json.dumps({'dopri5': result['dopri5']}), flush=True)
    if a.metadata:
        p = Path(a.metadata)
        meta = json.loads(p.read_text())
        meta.setdefault('metrics', {})['quality'] = result
        p.write_text(json.dumps(meta, indent=1) + '\n')
    if a.out:
        Path(a.out).write_text(json.dumps(result, indent=1) + '\n')
    print(json.dumps(result))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest='cmd', required=True)
    c = sub.add_parser('classifier')
    c.add_argument('--data', required=True)
    c.add_argument('--split', default='train', choices=['train', 'fixture'])
    c.add_argument('--epochs', type=int, default=15)
    c.add_argument('--batch', type=int, default=256)
    c.add_argument('--width', type=int, default=64)
    c.add_argument('--out', default='runs/classifier')
    c.add_argument('--device', default='auto')
    s = sub.add_parser('score')
    s.add_argument('--data', required=True)
    s.add_argument('--classifier', default='runs/classifier/classifier.pt')
    s.add_argument('--run', default=None, help='training run folder (EMA weights are scored)')
    s.add_argument('--n', type=int, default=10000)
    s.add_argument('--nfe', type=int, nargs='*', default=[10, 20, 50, 100])
    s.add_argument('--dopri5', action='store_true')
    s.add_argument('--batch', type=int, default=1000)
    s.add_argument('--metadata', default=None, help='metadata.json to record the result into (metrics.quality)')
    s.add_argument('--out', default=None)
    s.add_argument('--device', default='auto')
    a = p.parse_args()
    train_classifier(a) if a.cmd == 'classifier' else score(a)


if __name__ == '__main__':
    main()
