#!/usr/bin/python3
"""PyTorch (CPU) reference for `npm run bench`: the same velocity MLP, batch and optimiser as the
book's default trainer, timed on this machine's CPU.

Model: MLP on [x, t, sin(w_k t), cos(w_k t)] (w_k = pi 2^k, k < F), `depth` hidden layers of `width`
units, activation as given; PyTorch's default nn.Linear initialisation; AdamW (weight decay 0.01).
Batch: x0 ~ N(0, I), x1 ~ two moons (make_moons-style, noise 0.05, x2, x -= 1), optional exact
minibatch OT pairing (scipy's linear_sum_assignment on squared distances), t ~ U[0, 1],
x_t = t x1 + (1 - t) x0 + sigma eps, u_t = x1 - x0; loss = mean squared error.

Prints one JSON line: steps/s for the network step alone (fixed batch) and for the full step
(batch construction + coupling + network step), and Euler sampling time for N points x S steps.
Run with OMP_NUM_THREADS=1 (set below unless already set).
"""
import argparse, json, math, os, time
os.environ.setdefault("OMP_NUM_THREADS", "1")
import numpy as np
import torch
from scipy.optimize import linear_sum_assignment

p = argparse.ArgumentParser()
p.add_argument("--width", type=int, default=64)
p.add_argument("--depth", type=int, default=3)
p.add_argument("--activation", default="selu", choices=["selu", "silu", "relu", "elu"])
p.add_argument("--time-freqs", type=int, default=3)
p.add_argument("--batch", type=int, default=128)
p.add_argument("--coupling", default="exact-ot", choices=["independent", "exact-ot"])
p.add_argument("--sigma", type=float, default=0.01)
p.add_argument("--lr", type=float, default=0.003)
p.add_argument("--seconds", type=float, default=6.0)
p.add_argument("--sample-points", type=int, default=2000)
p.add_argument("--sample-steps", type=int, default=100)
p.add_argument("--threads", type=int, default=1)
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(0)
rng = np.random.default_rng(0)

ACT = {"selu": torch.nn.SELU, "silu": torch.nn.SiLU, "relu": torch.nn.ReLU, "elu": torch.nn.ELU}[a.activation]
freqs = torch.tensor([math.pi * 2.0 ** k for k in range(a.time_freqs)], dtype=torch.float32)


class Velocity(torch.nn.Module):
    def __init__(self):
        super().__init__()
        layers, width_in = [], 2 + 1 + 2 * a.time_freqs
        for _ in range(a.depth):
            layers += [torch.nn.Linear(width_in, a.width), ACT()]
            width_in = a.width
        layers.append(torch.nn.Linear(width_in, 2))
        self.net = torch.nn.Sequential(*layers)

    def forward(self, x, t):
        feats = [x, t]
        if a.time_freqs:
            wt = t * freqs
            feats += [torch.sin(wt), torch.cos(wt)]
        return self.net(torch.cat(feats, 1))


def moons(n):
    n_out = n // 2
    n_in = n - n_out
    ang_o = np.linspace(0, np.pi, n_out)
    ang_i = np.linspace(0, np.pi, n_in)
    x = np.concatenate([np.stack([np.cos(ang_o), np.sin(ang_o)], 1), np.stack([1 - np.cos(ang_i), 1 - np.sin(ang_i) - 0.5], 1)])
    x += rng.normal(scale=0.05, size=x.shape)
    x = x * 2
    x[:, 0] -= 1
    return x[rng.permutation(n)]


def make_batch(n):
    x0 = rng.normal(size=(n, 2))
    x1 = moons(n)
    if a.coupling == "exact-ot":
        cost = ((x0[:, None, :] - x1[None, :, :]) ** 2).sum(-1)
        _, col = linear_sum_assignment(cost)
        x1 = x1[col]
    t = rng.uniform(size=(n, 1))
    xt = t * x1 + (1 - t) * x0 + a.sigma * rng.normal(size=(n, 2))
    ut = x1 - x0
    f = lambda v: torch.from_numpy(v.astype(np.float32))
    return f(xt), f(t), f(ut)


model = Velocity()
opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=0.01)


def train_step(xt, t, ut):
    opt.zero_grad(set_to_none=True)
    loss = torch.mean((model(xt, t) - ut) ** 2)
    loss.backward()
    opt.step()
    return loss


def rate(fn):
    for _ in range(20):
        fn()
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < a.seconds / 2:
        fn()
        n += 1
    return n / (time.perf_counter() - t0)


fixed = make_batch(a.batch)
net_only = rate(lambda: train_step(*fixed))
full = rate(lambda: train_step(*make_batch(a.batch)))
batch_only = rate(lambda: make_batch(a.batch))

with torch.no_grad():
    # Best of three runs, as the TF.js side measures it.
    sample_s = float("inf")
    for _ in range(3):
        x = torch.randn(a.sample_points, 2)
        h = 1.0 / a.sample_steps
        t0 = time.perf_counter()
        for k in range(a.sample_steps):
            t = torch.full((a.sample_points, 1), k * h)
            x = x + h * model(x, t)
        sample_s = min(sample_s, time.perf_counter() - t0)

print(json.dumps({
    "torch": torch.__version__, "threads": torch.get_num_threads(), "width": a.width, "depth": a.depth,
    "activation": a.activation, "timeFreqs": a.time_freqs, "batch": a.batch, "coupling": a.coupling,
    "networkStepsPerSecond": round(net_only, 1), "fullStepsPerSecond": round(full, 1),
    "batchesPerSecond": round(batch_only, 1),
    "eulerSeconds": round(sample_s, 3), "samplePoints": a.sample_points, "sampleSteps": a.sample_steps,
}))
