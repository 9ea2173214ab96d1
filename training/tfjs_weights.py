"""Read an exported checkpoint (public/checkpoints/<name>/) back into PyTorch.

The inverse of export_tfjs.py's `tf_layout`: conv kernels [kh, kw, in, out] -> [out, in, kh, kw], dense
kernels [in, out] -> [out, in], float16 shards -> float32. Each shard's sha256 is checked against
metadata.json. Used to warm-start training from the committed EMA weights when the resumable state
(optimiser included) is lost, and to score a committed checkpoint exactly as the browser samples it.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Tuple

import numpy as np
import torch

from unet import UNet, UNetConfig


def load_tfjs_checkpoint(folder: str | Path) -> Tuple[UNetConfig, dict, dict]:
    """Returns (config, PyTorch state dict in float32, metadata)."""
    folder = Path(folder)
    model_json = json.loads((folder / 'model.json').read_text())
    meta = json.loads((folder / 'metadata.json').read_text())
    expected = {s['file']: s['sha256'] for s in meta['weights']['shards']}
    manifest = model_json['weightsManifest'][0]
    blob = b''
    for f in manifest['paths']:
        b = (folder / f).read_bytes()
        if hashlib.sha256(b).hexdigest() != expected.get(f):
            raise ValueError(f'{folder / f}: sha256 does not match metadata.json')
        blob += b
    state, off = {}, 0
    for spec in manifest['weights']:
        shape = spec['shape']
        n = int(np.prod(shape)) if shape else 1
        fp16 = spec.get('quantization', {}).get('dtype') == 'float16'
        width = 2 if fp16 else 4
        a = np.frombuffer(blob, dtype='<f2' if fp16 else '<f4', count=n, offset=off).astype(np.float32).reshape(shape)
        off += n * width
        name = spec['name']
        if a.ndim == 4:
            a = a.transpose(3, 2, 0, 1)
        elif a.ndim == 2 and not name.startswith('class_emb'):
            a = a.T
        state[name] = torch.from_numpy(np.ascontiguousarray(a))
    if off != len(blob):
        raise ValueError(f'{folder}: {len(blob) - off} bytes of weights left over')
    cfg = UNetConfig.from_dict(model_json['config'])
    return cfg, state, meta


def load_tfjs_model(folder: str | Path) -> Tuple[UNet, dict]:
    cfg, state, meta = load_tfjs_checkpoint(folder)
    model = UNet(cfg)
    model.load_state_dict(state)
    model.eval()
    return model, meta
