"""Nearest CIFAR-10 training images of generated samples, searched among all 50 000 training images.

Used by scripts/cifar-neighbours.ts (the memorisation widget's full-set neighbours). Input: a file of
float32 samples in the model's space [-1, 1], NHWC, n x 32 x 32 x 3 (little-endian). Output (JSON on
stdout): for each sample the index of its nearest training image in L2 over the 3072 values and that
distance, the same among the first 256 training images (the ones the site ships), and for scale the
median distance from each of the first 64 training images to its nearest *other* training image among
all 50 000 and among the first 256.

Distances: a float32 matrix product ranks all 50 000 candidates; the best CANDIDATES of each are then
measured again exactly in float64, so rounding in the product cannot pick the wrong neighbour unless
more than CANDIDATES images lie within float32 error of the best (the script checks the margin).

    /usr/bin/python3 training/nearest_train.py --data ../shared/data/cifar10 --samples s.f32
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from data import load_split  # noqa: E402

D = 32 * 32 * 3
CANDIDATES = 16
SHIPPED = 256
SCALE_QUERIES = 64


def model_space(x_u8: np.ndarray) -> np.ndarray:
    """uint8 NHWC -> float32 rows of 3072 values in [-1, 1], pixel order unchanged (as the site)."""
    return x_u8.reshape(len(x_u8), D).astype(np.float32) / 127.5 - 1.0


def nearest(queries: np.ndarray, refs: np.ndarray, exclude_self: bool = False) -> tuple[np.ndarray, np.ndarray, float]:
    """Index and exact (float64) L2 distance of each query's nearest reference, and the smallest gap
    (squared distance) between the chosen candidate and the last candidate re-measured, relative."""
    q32 = queries.astype(np.float32)
    ref_sq = np.einsum('ij,ij->i', refs, refs, dtype=np.float64)
    index = np.empty(len(queries), dtype=np.int64)
    dist = np.empty(len(queries), dtype=np.float64)
    margin = np.inf
    for start in range(0, len(queries), 64):
        block = q32[start:start + 64]
        approx = ref_sq[None, :] - 2.0 * (block @ refs.T).astype(np.float64)
        if exclude_self:
            approx[np.arange(len(block)), np.arange(start, start + len(block))] = np.inf
        cand = np.argpartition(approx, CANDIDATES, axis=1)[:, :CANDIDATES]
        for r, row in enumerate(cand):
            diff = refs[row].astype(np.float64) - queries[start + r].astype(np.float64)[None, :]
            exact = np.sqrt(np.einsum('ij,ij->i', diff, diff))
            order = np.argsort(exact)
            index[start + r] = row[order[0]]
            dist[start + r] = exact[order[0]]
            # How far the worst re-measured candidate is from the best: a wide margin means no image
            # outside the candidates can be nearer (float32 error is far below it).
            margin = min(margin, float(exact[order[-1]] ** 2 - exact[order[0]] ** 2))
    return index, dist, margin


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--data', required=True, help='CIFAR-10 folder (README of ../shared/data/cifar10)')
    p.add_argument('--samples', required=True, help='float32 NHWC samples in [-1, 1], n x 3072')
    a = p.parse_args()

    x_u8, _ = load_split(a.data, 'train')
    train = model_space(np.asarray(x_u8))
    samples = np.fromfile(a.samples, dtype='<f4')
    if samples.size % D:
        raise SystemExit(f'{a.samples}: {samples.size} values is not a whole number of 32x32x3 images')
    samples = samples.reshape(-1, D)

    full_i, full_d, margin = nearest(samples, train)
    ship_i, ship_d, _ = nearest(samples, train[:SHIPPED])
    scale_full = nearest(train[:SCALE_QUERIES], train, exclude_self=True)[1]
    scale_ship = nearest(train[:SCALE_QUERIES], train[:SHIPPED], exclude_self=True)[1]
    json.dump({
        'trainImages': int(len(train)),
        'trainSha256': hashlib.sha256(np.ascontiguousarray(x_u8).tobytes()).hexdigest(),
        'index': full_i.tolist(),
        'distance': [round(float(v), 6) for v in full_d],
        'index256': ship_i.tolist(),
        'distance256': [round(float(v), 6) for v in ship_d],
        'candidateMargin': round(margin, 6),
        'scale': {
            'queries': SCALE_QUERIES,
            'medianToNearestOther': round(float(np.median(scale_full)), 6),
            'medianToNearestOther256': round(float(np.median(scale_ship)), 6),
        },
    }, sys.stdout)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
