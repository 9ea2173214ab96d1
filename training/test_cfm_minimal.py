"""The appendix's PyTorch CFM (training/cfm_minimal.py) trains the two moons to the W2 the page states.

The bound is read from src/lib/minimal/claim.ts (MINIMAL_TORCH_CLAIM), which the appendix page prints,
so the page and this test cannot disagree. W2 is exact (scipy's linear_sum_assignment on squared
distances) between the generated points and fresh moons points; untrained, the same code is far off.
Run through training/test_cfm_minimal.sh (which skips, saying why, when torch or scipy is missing).
"""
import os
import re
import time
import unittest

import numpy as np
import torch
from scipy.optimize import linear_sum_assignment

from cfm_minimal import moons, train_cfm

HERE = os.path.dirname(os.path.abspath(__file__))


def claim():
    src = open(os.path.join(HERE, "..", "src", "lib", "minimal", "claim.ts"), encoding="utf-8").read()
    block = re.search(r"MINIMAL_TORCH_CLAIM = \{(.*?)\}", src, re.S).group(1)
    return {k: float(v) for k, v in re.findall(r"(\w+): ([0-9.]+)", block)}


def w2(a, b):
    cost = ((a[:, None, :] - b[None, :, :]) ** 2).sum(-1)
    rows, cols = linear_sum_assignment(cost)
    return float(np.sqrt(cost[rows, cols].mean()))


class MinimalCfm(unittest.TestCase):
    def run_w2(self, steps):
        c = claim()
        n = int(c["evalPoints"])
        gen = torch.Generator().manual_seed(7)
        sample = train_cfm(lambda m: moons(m, gen), steps=steps)
        x = sample(n).numpy().astype(np.float64)
        test_gen = torch.Generator().manual_seed(11)
        test = moons(n, test_gen).numpy().astype(np.float64)
        test2 = moons(n, test_gen).numpy().astype(np.float64)
        return w2(x, test), w2(test, test2), c

    def test_trains_moons_to_stated_w2(self):
        t0 = time.time()
        c = claim()
        got, floor, c = self.run_w2(int(c["steps"]))
        print(f"PyTorch CFM: W2 {got:.3f} (floor {floor:.3f}, n = {int(c['evalPoints'])}) in {time.time() - t0:.1f} s")
        self.assertLess(got, c["w2Below"])

    def test_untrained_is_far(self):
        got, _, c = self.run_w2(0)
        self.assertGreater(got, 2 * c["w2Below"])


if __name__ == "__main__":
    unittest.main()
