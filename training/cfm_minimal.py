"""Conditional flow matching in about 30 lines of PyTorch: the twin of src/lib/minimal/cfm-minimal.ts.

I-CFM (straight paths x_t = (1 - t) x0 + t x1 widened by sigma, target velocity x1 - x0), a 3 x 64
SELU network on (x, t), Adam, Euler sampling, on the TorchCFM two moons. Runs on CPU with torch 1.13:

    OMP_NUM_THREADS=1 /usr/bin/python3 training/cfm_minimal.py
"""
import math
import torch


def moons(n, gen):
    """TorchCFM's sample_moons: torchdyn two moons (uniform noise u ~ U[0, 0.2) on both coordinates) * 3 - 1."""
    theta = math.pi * torch.rand(n, generator=gen)
    arm = torch.randint(0, 2, (n,), generator=gen).bool()
    x = torch.where(arm, 1 - torch.cos(theta), torch.cos(theta))
    y = torch.where(arm, 0.5 - torch.sin(theta), torch.sin(theta))
    u = 0.2 * torch.rand(n, generator=gen)
    return torch.stack([x + u, y + u], 1) * 3 - 1


def train_cfm(data, steps=1500, batch=128, sigma=0.01, lr=3e-3, seed=1):
    torch.manual_seed(seed)
    net = torch.nn.Sequential(torch.nn.Linear(3, 64), torch.nn.SELU(), torch.nn.Linear(64, 64), torch.nn.SELU(),
                              torch.nn.Linear(64, 64), torch.nn.SELU(), torch.nn.Linear(64, 2))
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    for _ in range(steps):
        x1, x0, t = data(batch), torch.randn(batch, 2), torch.rand(batch, 1)
        xt = (1 - t) * x0 + t * x1 + sigma * torch.randn(batch, 2)
        loss = ((net(torch.cat([xt, t], 1)) - (x1 - x0)) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()

    @torch.no_grad()
    def sample(n, nfe=100):
        x = torch.randn(n, 2)
        for k in range(nfe):
            x = x + net(torch.cat([x, torch.full((n, 1), k / nfe)], 1)) / nfe
        return x

    return sample


if __name__ == "__main__":
    gen = torch.Generator().manual_seed(7)
    sample = train_cfm(lambda n: moons(n, gen))
    print(sample(5))
