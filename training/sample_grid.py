"""Sample grids from a CIFAR checkpoint, a row per class (the images chapter's figures).

  python3 sample_grid.py --checkpoint ../public/checkpoints/<name> --out grid.png \
      --per-class 10 --nfe 20 --solver euler --guidance 2 --seed 1 [--scale 2]

Samples exactly as the browser widget does by default (the exported float16 weights, a fixed-step
solver, classifier-free guidance w), so a figure can be checked against the widget with the same
settings. An unconditional checkpoint gives `--per-class` rows of unlabelled samples. With several
`--guidance` values, one grid per value is written (`grid-w2.png`, …) from the same noise, so the
effect of w is the only difference between them.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from quality import CLASSES, STEP_COST, sample
from tfjs_weights import load_tfjs_model


def to_uint8(x: torch.Tensor) -> np.ndarray:
    """[-1, 1] float NCHW -> uint8 NHWC (the widget's mapping: round((x + 1) * 127.5), clamped)."""
    return ((x.clamp(-1, 1) + 1) * 127.5).round().to(torch.uint8).permute(0, 2, 3, 1).numpy()


def grid(images: np.ndarray, rows: int, cols: int, pad: int = 2, scale: int = 1) -> Image.Image:
    h, w = images.shape[1] * scale, images.shape[2] * scale
    canvas = Image.new('RGB', (cols * (w + pad) + pad, rows * (h + pad) + pad), (255, 255, 255))
    for k, im in enumerate(images[: rows * cols]):
        r, c = divmod(k, cols)
        tile = Image.fromarray(im).resize((w, h), Image.NEAREST)
        canvas.paste(tile, (pad + c * (w + pad), pad + r * (h + pad)))
    return canvas


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--checkpoint', required=True)
    p.add_argument('--out', required=True, help='PNG path (a -w<guidance> suffix is added for several w)')
    p.add_argument('--per-class', type=int, default=10)
    p.add_argument('--nfe', type=int, default=20)
    p.add_argument('--solver', default='euler', choices=list(STEP_COST))
    p.add_argument('--guidance', type=float, nargs='+', default=[2.0])
    p.add_argument('--seed', type=int, default=1)
    p.add_argument('--scale', type=int, default=2, help='nearest-neighbour upscaling of each 32x32 tile')
    p.add_argument('--threads', type=int, default=1)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    model, meta = load_tfjs_model(a.checkpoint)
    cond = model.cfg.num_classes > 0
    rows = 10 if cond else a.per_class
    n = rows * a.per_class
    labels = torch.arange(10).repeat_interleave(a.per_class) if cond else None
    out = Path(a.out)
    written = []
    for w in a.guidance:
        xs, secs = sample(model, n, a.nfe, torch.device('cpu'), batch=100, seed=a.seed, solver=a.solver,
                          guidance=w if cond else 1.0, labels=labels)
        path = out if len(a.guidance) == 1 else out.with_name(f'{out.stem}-w{w:g}{out.suffix}')
        grid(to_uint8(xs), rows, a.per_class, scale=a.scale).save(path)
        written.append({'file': str(path), 'guidance': w, 'seconds': round(secs, 1)})
    print(json.dumps({'checkpoint': meta['name'], 'rows': CLASSES if cond else rows, 'per_class': a.per_class,
                      'nfe': a.nfe, 'solver': a.solver, 'seed': a.seed, 'written': written}))


if __name__ == '__main__':
    main()
