"""Resumable training state, stored as split files of at most 16 MiB each.

A checkpoint is a folder `<run>/ckpt/` holding `part-000.bin, part-001.bin, ...` (the bytes of one
`torch.save` of the state dict, cut into pieces) and `manifest.json` (sizes and sha256 of the parts).
Writing goes to a temporary folder that is renamed over the old one, so an interrupted save never
leaves a half-written checkpoint behind. Split files keep each transfer to/from the GPU machine small.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
from pathlib import Path
from typing import Any, Optional

import torch

PART_BYTES = 16 * 1024 * 1024


def save_state(state: dict, run_dir: Path, part_bytes: int = PART_BYTES) -> Path:
    buf = io.BytesIO()
    torch.save(state, buf)
    blob = buf.getvalue()
    final = Path(run_dir) / 'ckpt'
    tmp = Path(run_dir) / 'ckpt.tmp'
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    parts = []
    for i, off in enumerate(range(0, len(blob), part_bytes)):
        chunk = blob[off:off + part_bytes]
        name = f'part-{i:03d}.bin'
        (tmp / name).write_bytes(chunk)
        parts.append({'file': name, 'bytes': len(chunk), 'sha256': hashlib.sha256(chunk).hexdigest()})
    (tmp / 'manifest.json').write_text(json.dumps({'total_bytes': len(blob), 'parts': parts}, indent=1))
    old = Path(run_dir) / 'ckpt.old'
    if final.exists():
        if old.exists():
            shutil.rmtree(old)
        os.rename(final, old)
    os.rename(tmp, final)
    if old.exists():
        shutil.rmtree(old)
    return final


def load_state(run_dir: Path, map_location: Any = 'cpu') -> Optional[dict]:
    """Loads `<run>/ckpt/` (verifying every part's sha256), or returns None when there is none."""
    ckpt = Path(run_dir) / 'ckpt'
    if not (ckpt / 'manifest.json').exists():
        old = Path(run_dir) / 'ckpt.old'  # a save interrupted between the two renames
        if (old / 'manifest.json').exists():
            ckpt = old
        else:
            return None
    manifest = json.loads((ckpt / 'manifest.json').read_text())
    chunks = []
    for part in manifest['parts']:
        b = (ckpt / part['file']).read_bytes()
        if hashlib.sha256(b).hexdigest() != part['sha256']:
            raise IOError(f'checkpoint part {part["file"]} is corrupt (sha256 mismatch)')
        chunks.append(b)
    blob = b''.join(chunks)
    if len(blob) != manifest['total_bytes']:
        raise IOError('checkpoint is truncated')
    return torch.load(io.BytesIO(blob), map_location=map_location, weights_only=False)  # our own state: dicts, config, versions
