"""Download the official CIFAR-10 archive and write the layout the project reads (for users elsewhere).

  python3 training/download_cifar10.py --out data/cifar10

Fetches https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz (163 MB, md5 c58f30108f718f92721af3b95e74349a),
checks its md5, and writes into --out (raw pixels, no JPEG round trip):
  train.u8 / train-labels.u8          50 000 × 32 × 32 × 3 uint8 NHWC, official order (data_batch_1..5)
  test.u8 / test-labels.u8            10 000 images, test_batch
  fixture-256.u8 / fixture-256-labels.u8   the first 256 training images
training/data.py reads train.u8 when present (instead of the JPEG pack used on the project's machines),
and scripts/prepare-cifar.ts reads fixture-256.u8. Never commit these files.
"""
from __future__ import annotations

import argparse
import hashlib
import pickle
import tarfile
import urllib.request
from pathlib import Path

import numpy as np

URL = 'https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz'
MD5 = 'c58f30108f718f92721af3b95e74349a'


def batches(tar: tarfile.TarFile, names):
    xs, ys = [], []
    for name in names:
        d = pickle.load(tar.extractfile(f'cifar-10-batches-py/{name}'), encoding='bytes')
        xs.append(np.asarray(d[b'data'], dtype=np.uint8).reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1))
        ys.append(np.asarray(d[b'labels'], dtype=np.uint8))
    return np.concatenate(xs), np.concatenate(ys)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--out', default='data/cifar10')
    p.add_argument('--archive', default=None, help='use an already downloaded cifar-10-python.tar.gz')
    a = p.parse_args()
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    archive = Path(a.archive) if a.archive else out / 'cifar-10-python.tar.gz'
    if not archive.exists():
        print(f'downloading {URL} ...')
        urllib.request.urlretrieve(URL, archive)
    md5 = hashlib.md5(archive.read_bytes()).hexdigest()
    if md5 != MD5:
        raise SystemExit(f'{archive}: md5 {md5} != {MD5} (corrupt or different file)')
    with tarfile.open(archive, 'r:gz') as tar:
        xtr, ytr = batches(tar, [f'data_batch_{i}' for i in range(1, 6)])
        xte, yte = batches(tar, ['test_batch'])
    assert xtr.shape == (50000, 32, 32, 3) and xte.shape == (10000, 32, 32, 3)
    xtr.tofile(out / 'train.u8')
    ytr.tofile(out / 'train-labels.u8')
    xte.tofile(out / 'test.u8')
    yte.tofile(out / 'test-labels.u8')
    xtr[:256].tofile(out / 'fixture-256.u8')
    ytr[:256].tofile(out / 'fixture-256-labels.u8')
    print(f'wrote {out}: train {xtr.shape}, test {xte.shape}; first labels {ytr[:10].tolist()} (expect 6 9 9 4 1 1 2 7 8 3)')


if __name__ == '__main__':
    main()
