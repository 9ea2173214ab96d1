"""CIFAR-10 from a folder laid out as in shared/data/cifar10/README.md.

Files read (all headerless, NHWC uint8):
  train-jpg.bin + train-jpg.idx   50 000 JPEGs, image i = bin[idx[i]:idx[i+1]] (decoded once with PIL)
  train-labels.u8                 50 000 labels
  test.u8 / test-labels.u8        10 000 images / labels
  fixture-256.u8 / -labels.u8     the first 256 training images (smoke runs, tests)
`download_cifar10.py` writes train.u8 (raw, no JPEG) instead of the JPEG pack; both are accepted.

The decoded training array is cached as .npy under an ignored folder (default training/runs/cache/),
keyed by the sha256 of the idx file so that a different dataset never reuses a stale cache.
"""
from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path
from typing import Tuple

import numpy as np

DEFAULT_CACHE = Path(__file__).resolve().parent / 'runs' / 'cache'
CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck']


def _sha256(path: Path, limit: int | None = None) -> str:
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        h.update(f.read() if limit is None else f.read(limit))
    return h.hexdigest()


def decode_jpeg_pack(bin_path: Path, idx_path: Path) -> np.ndarray:
    """Decode every JPEG of the pack with PIL into an [N, 32, 32, 3] uint8 array."""
    from PIL import Image
    blob = bin_path.read_bytes()
    idx = np.fromfile(idx_path, dtype='<u4')
    n = len(idx) - 1
    out = np.empty((n, 32, 32, 3), dtype=np.uint8)
    for i in range(n):
        im = Image.open(io.BytesIO(blob[idx[i]:idx[i + 1]])).convert('RGB')
        out[i] = np.asarray(im, dtype=np.uint8)
    return out


def load_split(root: str | os.PathLike, split: str = 'train', cache_dir: Path = DEFAULT_CACHE) -> Tuple[np.ndarray, np.ndarray]:
    """Returns (images uint8 [N,32,32,3], labels int64 [N]) for split in {'train', 'test', 'fixture'}."""
    root = Path(root)
    if split == 'test':
        x = np.fromfile(root / 'test.u8', dtype=np.uint8).reshape(-1, 32, 32, 3)
        y = np.fromfile(root / 'test-labels.u8', dtype=np.uint8).astype(np.int64)
    elif split == 'fixture':
        x = np.fromfile(root / 'fixture-256.u8', dtype=np.uint8).reshape(-1, 32, 32, 3)
        y = np.fromfile(root / 'fixture-256-labels.u8', dtype=np.uint8).astype(np.int64)
    elif split == 'train':
        y = np.fromfile(root / 'train-labels.u8', dtype=np.uint8).astype(np.int64)
        if (root / 'train.u8').exists():
            x = np.fromfile(root / 'train.u8', dtype=np.uint8).reshape(-1, 32, 32, 3)
        else:
            key = _sha256(root / 'train-jpg.idx')[:16]
            cache = Path(cache_dir) / f'cifar10-train-{key}.npy'
            if cache.exists():
                x = np.load(cache, mmap_mode='r')
            else:
                x = decode_jpeg_pack(root / 'train-jpg.bin', root / 'train-jpg.idx')
                cache.parent.mkdir(parents=True, exist_ok=True)
                tmp = cache.with_suffix('.tmp.npy')
                np.save(tmp, x)
                os.replace(tmp, cache)
    else:
        raise ValueError(f'unknown split {split!r}')
    if len(x) != len(y):
        raise ValueError(f'{split}: {len(x)} images but {len(y)} labels')
    return np.ascontiguousarray(x), y


def to_model_range(x_u8: np.ndarray) -> np.ndarray:
    """uint8 NHWC -> float32 NCHW in [-1, 1] (the model's data space, p_1)."""
    return (x_u8.astype(np.float32) / 127.5 - 1.0).transpose(0, 3, 1, 2).copy()


if __name__ == '__main__':
    import argparse
    import time
    p = argparse.ArgumentParser(description='Decode and cache CIFAR-10, print a summary.')
    p.add_argument('--data', required=True)
    p.add_argument('--split', default='train')
    a = p.parse_args()
    t0 = time.time()
    x, y = load_split(a.data, a.split)
    print(f'{a.split}: {x.shape} {x.dtype}, labels {np.bincount(y, minlength=10).tolist()}, '
          f'{time.time() - t0:.1f} s, sha256 {hashlib.sha256(x.tobytes()).hexdigest()}')
