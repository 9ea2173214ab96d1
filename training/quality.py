"""A quality score for the CIFAR checkpoints (issue 7): a Fréchet distance in the feature space of a
small CIFAR-10 classifier trained with this code. This is NOT Inception FID (its weights cannot be
fetched here) and its values are not comparable with published FIDs; it ranks our own models.

  # 1. train the feature network (reports its test accuracy), saved to runs/classifier/
  python3 quality.py classifier --data DATA --epochs 15
  # 2. score a run (EMA weights) or an exported checkpoint at several Euler NFE and with Dopri5;
  #    also the floor (training images vs test images); optionally record into metadata.json
  python3 quality.py score --data DATA --run runs/ot --n 10000 --nfe 10 20 50 100 --dopri5 \
      --metadata ../public/checkpoints/cifar10-ot-cfm/metadata.json
  # 3. on a shared CPU the Fréchet distances take hours: --cache DIR keeps each batch's features, so an
  #    interrupted run resumes (same numbers as one run); and score in several invocations (say, agreement now, Fréchet distances per NFE later), each
  #    with --out, and merge them (they must have scored the same weights: sha256 checked)
  python3 quality.py merge --metadata ../public/checkpoints/<name>/metadata.json a.json b.json

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
    """VGG-style: 3 stages of two 3x3 convs (BN, ReLU) + max-pool, global average pool -> (4 x width)-d features
    (256 at the default width 64; 128 for the width-32 classifier the book uses)."""

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
    torch.set_num_threads(a.threads)
    xtr, ytr = load_split(a.data, a.split)
    xtr, ytr = torch.from_numpy(np.ascontiguousarray(xtr)).to(dev), torch.from_numpy(ytr).to(dev)
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
    acc = None  # measured later by `finish` when the test set is not on this machine (--no-test)
    if a.test:
        xte, yte = load_split(a.data, 'test')
        acc = accuracy(net, torch.from_numpy(xte).to(dev), torch.from_numpy(yte).to(dev))
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


def moments(f: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean and covariance (unbiased) of features f [n, d]: all the Fréchet distance needs of them."""
    return f.mean(0), np.cov(f, rowvar=False)


def frechet(f1: np.ndarray, f2: np.ndarray) -> float:
    return frechet_moments(*moments(f1), *moments(f2))


def frechet_moments(mu1: np.ndarray, s1: np.ndarray, mu2: np.ndarray, s2: np.ndarray) -> float:
    covmean, _ = linalg.sqrtm(s1 @ s2, disp=False)
    covmean = covmean.real
    return float(((mu1 - mu2) ** 2).sum() + np.trace(s1 + s2 - 2 * covmean))


STEP_COST = {'euler': 1, 'midpoint': 2, 'heun': 2}


def solver_step(f, x, t: float, h: float, solver: str):
    """One fixed step of the solvers the browser sampler offers (src/lib/nn/fixed-step-methods.ts)."""
    if solver == 'euler':
        return x + h * f(x, t)
    if solver == 'midpoint':
        return x + h * f(x + 0.5 * h * f(x, t), t + 0.5 * h)
    if solver == 'heun':
        k1 = f(x, t)
        return x + 0.5 * h * (k1 + f(x + h * k1, t + h))
    raise ValueError(solver)


@torch.no_grad()
def noise_batches(model: UNet, n: int, dev, batch: int, seed: int, labels: torch.Tensor | None = None):
    """The starting noise (and class labels) of n samples, batch by batch, from one seeded generator:
    yields (first index, noise, labels or None). Conditional models get `labels` (default: 0, 1, …, 9
    cyclically). Drawing batch k needs the draws of batches 0…k−1, which is why a resumed run redraws
    (cheaply) the noise of the batches it skips."""
    g = torch.Generator(device=dev).manual_seed(seed)
    cond = model.cfg.num_classes > 0
    for i in range(0, n, batch):
        b = min(batch, n - i)
        x = torch.randn(b, 3, 32, 32, generator=g, device=dev)
        y = (labels[i:i + b].to(dev) if labels is not None else torch.arange(i, i + b, device=dev) % 10) if cond else None
        yield i, x, y


def integrate(model: UNet, x: torch.Tensor, y: torch.Tensor | None, nfe: int | None, solver: str = 'euler',
              guidance: float = 1.0, dopri5: bool = False) -> torch.Tensor:
    """Noise x at t = 0 to an image at t = 1: `nfe` velocity evaluations with a fixed-step solver
    (guided evaluations count once, as in the widget), or Dopri5; guidance w as in unet.guided_velocity."""
    dev = x.device
    f = lambda xx, t: guided_velocity(model, xx, torch.full((xx.shape[0],), float(t), device=dev), y, guidance)
    if dopri5:
        from torchdiffeq import odeint  # present on the GPU machine
        return odeint(lambda t, xx: f(xx, t), x, torch.tensor([0.0, 1.0], device=dev), method='dopri5', rtol=1e-5, atol=1e-5)[-1]
    steps = max(1, nfe // STEP_COST[solver])
    for k in range(steps):
        x = solver_step(f, x, k / steps, 1.0 / steps, solver)
    return x


@torch.no_grad()
def sample(model: UNet, n: int, nfe: int | None, dev, batch: int, seed: int, dopri5: bool = False,
           solver: str = 'euler', guidance: float = 1.0, labels: torch.Tensor | None = None) -> tuple[torch.Tensor, float]:
    """n images from seeded noise (noise_batches), integrated by `integrate`; returns them and the seconds taken."""
    t0 = time.time()
    out = [integrate(model, x, y, nfe, solver, guidance, dopri5) for _, x, y in noise_batches(model, n, dev, batch, seed, labels)]
    return torch.cat(out), time.time() - t0


@torch.no_grad()
def sample_features(model: UNet, net: SmallCNN, n: int, nfe: int | None, dev, batch: int, seed: int, solver: str,
                    guidance: float, dopri5: bool, cache: Path | None, tag: str) -> tuple[np.ndarray, float]:
    """The classifier features of the n samples `sample` would draw, batch by batch. With a cache
    folder each batch's features (and the seconds it took) are saved as it completes, under a key of
    the weights, settings, seed, batch size and index, so an interrupted run — the Fréchet distances
    of 10 000 samples take CPU-hours here — resumes where it stopped and gives exactly the one-shot
    result. Returns the features and the sampling seconds summed over batches (computed now or cached)."""
    feats, secs = [], 0.0
    for i, x, y in noise_batches(model, n, dev, batch, seed):
        f = cache / f'{tag}-b{batch}-i{i}.npz' if cache else None
        if f is not None and f.exists():
            z = np.load(f)
            feats.append(z['features'])
            secs += float(z['seconds'])
            continue
        t0 = time.time()
        fb = features(net, integrate(model, x, y, nfe, solver, guidance, dopri5))
        dt = time.time() - t0
        if f is not None:
            tmp = f.with_suffix('.tmp.npz')
            np.savez(tmp, features=fb, seconds=dt)
            tmp.replace(f)
        feats.append(fb)
        secs += dt
        print(json.dumps({'batch': i // batch, 'of': -(-n // batch), 'nfe': nfe, 'guidance': guidance, 'seconds': round(dt, 1)}), flush=True)
    return np.concatenate(feats), secs


def load_classifier(path: str, dev) -> tuple[SmallCNN, dict]:
    ck = torch.load(Path(path), map_location=dev)
    net = SmallCNN(ck['width']).to(dev)
    net.load_state_dict(ck['state'])
    net.eval()
    return net, ck


@torch.no_grad()
def per_class_agreement(net: SmallCNN, x: torch.Tensor, y: torch.Tensor, batch: int = 500) -> dict:
    """Share of images whose predicted class is y, overall and per class (x float NCHW in [-1, 1])."""
    pred = torch.cat([net(x[i:i + batch].clamp(-1, 1)).argmax(1) for i in range(0, len(x), batch)]).cpu()
    y = y.cpu()
    hit = (pred == y).float()
    return {'overall': float(hit.mean()), 'per_class': {CLASSES[c]: float(hit[y == c].mean()) for c in range(10) if (y == c).any()}}


CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck']


def load_model(a, dev) -> tuple[UNet, str]:
    if a.checkpoint:
        from tfjs_weights import load_tfjs_model
        model, _ = load_tfjs_model(a.checkpoint)  # the float16 weights the browser samples with
        return model.to(dev), f'exported checkpoint {a.checkpoint} (float16 weights)'
    state = load_state(Path(a.run), map_location=dev)
    model = UNet(UNetConfig.from_dict(state['config'])).to(dev)
    model.load_state_dict(state['ema'])
    model.eval()
    return model, f'run {a.run} (EMA, float32), step {state["step"]}'


def score(a) -> None:
    dev = device_of(a.device)
    torch.set_num_threads(a.threads)
    net, ck = load_classifier(a.classifier, dev)
    xte, yte = load_split(a.data, 'test')
    x_test = to_x(torch.from_numpy(xte).to(dev))
    f_test = features(net, x_test)
    result = {'metric': f'Frechet distance in the {f_test.shape[1]}-d feature space of a small CIFAR-10 classifier trained by '
                        'training/quality.py (NOT Inception FID; not comparable with published FIDs); class agreement = '
                        'share of class-conditional samples the same classifier assigns to the requested class',
              'feature_dim': int(f_test.shape[1]), 'classifier_test_accuracy': ck['test_accuracy'], 'n_samples': a.n, 'reference': 'CIFAR-10 test set (10 000)',
              'ceiling_test_images': per_class_agreement(net, x_test, torch.from_numpy(yte).long()),
              'euler': {}, 'runs': [], 'dopri5': None}
    if a.floor:
        xtr, _ = load_split(a.data, 'train')
        rng = np.random.default_rng(0)
        pick = rng.choice(len(xtr), size=min(a.n, len(xtr)), replace=False)
        f_train = features(net, to_x(torch.from_numpy(np.ascontiguousarray(xtr[np.sort(pick)])).to(dev)))
        result['floor_train_vs_test'] = frechet(f_train, f_test)
        print(json.dumps({'floor_train_vs_test': result['floor_train_vs_test']}), flush=True)
    if a.run or a.checkpoint:
        model, source = load_model(a, dev)
        result['model'] = source
        if a.checkpoint:
            shards = json.loads((Path(a.checkpoint) / 'metadata.json').read_text())['weights']['shards']
            result['weights_sha256'] = [sh['sha256'] for sh in shards]
        cache = Path(a.cache) if a.cache else None
        if cache and not a.checkpoint:
            raise SystemExit('--cache needs --checkpoint: cached features are keyed by the weights sha256, which a run folder lacks')
        weights_tag = result['weights_sha256'][0][:12] if a.checkpoint else 'run'
        if cache:
            cache.mkdir(parents=True, exist_ok=True)
        cond = model.cfg.num_classes > 0
        for w in (a.guidance if cond else [1.0]):
            for nfe in a.nfe:
                rec = {'solver': a.solver, 'nfe': nfe, 'guidance': w}
                if a.n > 0:
                    tag = f'{weights_tag}-{a.solver}-nfe{nfe}-w{w:g}-s1'
                    fs, secs = sample_features(model, net, a.n, nfe, dev, a.batch, 1, a.solver, w, False, cache, tag)
                    rec.update({'fd': frechet(fs, f_test), 'fd_n': a.n, 'seconds': round(secs, 1)})
                if cond and a.agreement > 0:
                    y = torch.arange(a.agreement) % 10
                    xs, secs = sample(model, a.agreement, nfe, dev, a.batch, seed=2, solver=a.solver, guidance=w, labels=y)
                    rec['agreement'] = per_class_agreement(net, xs, y)
                    rec['agreement_n'] = a.agreement
                result['runs'].append(rec)
                if w == 1.0 and 'fd' in rec:
                    result['euler' if a.solver == 'euler' else a.solver][str(nfe)] = {'fd': rec['fd'], 'seconds': rec['seconds']}
                print(json.dumps(rec), flush=True)
        if a.dopri5:
            fs, secs = sample_features(model, net, a.n, None, dev, a.batch, 1, 'dopri5', 1.0, True, cache, f'{weights_tag}-dopri5-s1')
            result['dopri5'] = {'fd': frechet(fs, f_test), 'seconds': round(secs, 1), 'rtol': 1e-5, 'atol': 1e-5}
            print(json.dumps({'dopri5': result['dopri5']}), flush=True)
    if a.metadata:
        p = Path(a.metadata)
        meta = json.loads(p.read_text())
        meta.setdefault('metrics', {})['quality'] = result
        p.write_text(json.dumps(meta, indent=1) + '\n')
    if a.out:
        Path(a.out).write_text(json.dumps(result, indent=1) + '\n')
    print(json.dumps(result))


RUN_KEYS = ('solver', 'nfe', 'guidance')


def merge(a) -> None:
    """Merges several `score --out` results of the same weights into metadata.json's metrics.quality:
    runs with equal (solver, NFE, w) are combined field by field (a later file wins a field both have),
    so agreement and Fréchet distances measured by separate invocations end up in one table. Refuses
    results whose weights (sha256 per shard, recorded by `score --checkpoint`) are not the metadata's."""
    p = Path(a.metadata)
    meta = json.loads(p.read_text())
    shas = [sh['sha256'] for sh in meta['weights']['shards']]
    merged: dict = {}
    runs: dict = {}
    for f in a.results:
        r = json.loads(Path(f).read_text())
        got = r.get('weights_sha256')
        if got is None and not a.allow_unverified:
            raise SystemExit(f'{f}: no weights_sha256 (scored before it was recorded); pass --allow-unverified if you know it scored these weights')
        if got is not None and got != shas:
            raise SystemExit(f'{f}: scored other weights ({got[0][:12]}…), not {shas[0][:12]}… of {p}')
        for k, v in r.items():
            if k in ('runs', 'euler', 'dopri5', 'n_samples', 'weights_sha256'):
                continue
            if k == 'floor_train_vs_test' or k not in merged:
                merged[k] = v
        if r.get('dopri5'):
            merged['dopri5'] = r['dopri5']
        for run in r.get('runs', []):
            runs.setdefault(tuple(run[k] for k in RUN_KEYS), {}).update(run)
    merged['weights_sha256'] = shas
    merged['runs'] = [runs[k] for k in sorted(runs, key=lambda k: (k[2], k[1], k[0]))]
    merged['n_samples'] = max((run.get('fd_n', 0) for run in merged['runs']), default=0)
    merged['euler'] = {str(run['nfe']): {'fd': run['fd'], 'seconds': run['seconds']}
                       for run in merged['runs'] if run['solver'] == 'euler' and run['guidance'] == 1.0 and 'fd' in run}
    merged.setdefault('dopri5', None)
    meta.setdefault('metrics', {})['quality'] = merged
    p.write_text(json.dumps(meta, indent=1) + '\n')
    print(json.dumps({'runs': len(merged['runs']), 'floor': merged.get('floor_train_vs_test'), 'n_samples': merged['n_samples']}))


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
    c.add_argument('--threads', type=int, default=1)
    c.add_argument('--test', action=argparse.BooleanOptionalAction, default=True,
                   help='measure test accuracy now (--no-test where the test set is not on this machine: '
                        'quality_split.py finish measures it)')
    s = sub.add_parser('score')
    s.add_argument('--data', required=True)
    s.add_argument('--classifier', default='runs/classifier/classifier.pt')
    s.add_argument('--run', default=None, help='training run folder (EMA weights are scored)')
    s.add_argument('--checkpoint', default=None, help='exported checkpoint folder (public/checkpoints/<name>/)')
    s.add_argument('--n', type=int, default=10000, help='samples for the Frechet distance (0: skip it)')
    s.add_argument('--nfe', type=int, nargs='*', default=[10, 20, 50])
    s.add_argument('--solver', default='euler', choices=list(STEP_COST))
    s.add_argument('--guidance', type=float, nargs='*', default=[1.0, 2.0],
                   help='guidance scales w for conditional models (the widget default is 2)')
    s.add_argument('--agreement', type=int, default=1000, help='class-conditional samples for class agreement (0: skip)')
    s.add_argument('--floor', action=argparse.BooleanOptionalAction, default=True, help='train-vs-test floor')
    s.add_argument('--threads', type=int, default=1)
    s.add_argument('--dopri5', action='store_true')
    s.add_argument('--batch', type=int, default=1000)
    s.add_argument('--cache', default=None, help='folder for per-batch sample features: an interrupted Fréchet run resumes from it')
    s.add_argument('--metadata', default=None, help='metadata.json to record the result into (metrics.quality)')
    s.add_argument('--out', default=None)
    s.add_argument('--device', default='auto')
    m = sub.add_parser('merge', help='merge several `score --out` results of the same weights into metadata.json')
    m.add_argument('--metadata', required=True)
    m.add_argument('--allow-unverified', action='store_true', help='accept results without weights_sha256')
    m.add_argument('results', nargs='+')
    a = p.parse_args()
    {'classifier': train_classifier, 'score': score, 'merge': merge}[a.cmd](a)


if __name__ == '__main__':
    main()
