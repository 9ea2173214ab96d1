"""Export a trained run to TF.js's native weights format, plus metadata and parity golden files.

Writes `<out>/<name>/`:
  model.json      {format, config, weightsManifest: [{paths, weights: [{name, shape, dtype, quantization?}]}]}
  group1-shardKofN.bin   little-endian weights, float16 (`quantization: {dtype: 'float16'}`) or float32,
                  already in TF layout: conv kernels [kh, kw, in, out] (PyTorch: [out, in, kh, kw]),
                  dense kernels [in, out] (PyTorch: [out, in]); names are PyTorch's state-dict names.
  metadata.json   architecture config, training recipe, data, steps, wall time, metrics, sha256 per shard.
and, with --golden DIR, `DIR/<name>/golden.json + golden.bin`: a fixed batch (x, t, y), the float32
PyTorch output of one velocity evaluation, and a 4-step Euler rollout from t = 0 to 1 (guided when the
model is conditional), all computed with the float32 (unquantised) weights.

Usage:
  python3 export_tfjs.py --run runs/cifar10-ot-cfm-cpu --name cifar10-ot-cfm-cpu \
      --out ../public/checkpoints --golden ../test/fixtures/cifar --index ../public/checkpoints/index.json
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
from pathlib import Path

import numpy as np
import torch

from checkpoint_io import load_state
from unet import UNet, UNetConfig, guided_velocity

SHARD_BYTES = 4 * 1024 * 1024  # TF.js's customary shard size


def tf_layout(name: str, w: torch.Tensor) -> np.ndarray:
    a = w.detach().cpu().float().numpy()
    if a.ndim == 4:  # conv [out, in, kh, kw] -> [kh, kw, in, out]
        return a.transpose(2, 3, 1, 0)
    if a.ndim == 2 and not name.startswith('class_emb'):  # linear [out, in] -> [in, out]
        return a.T
    return a  # biases, norms, embedding table [classes+1, dim]


def write_weights(model: UNet, folder: Path, dtype: str) -> tuple[list, list]:
    specs, blobs = [], []
    for name, w in model.state_dict().items():
        a = np.ascontiguousarray(tf_layout(name, w))
        spec = {'name': name, 'shape': list(a.shape), 'dtype': 'float32'}
        if dtype == 'float16':
            spec['quantization'] = {'dtype': 'float16', 'original_dtype': 'float32'}
            blobs.append(a.astype('<f2').tobytes())
        else:
            blobs.append(a.astype('<f4').tobytes())
        specs.append(spec)
    blob = b''.join(blobs)
    n = max(1, -(-len(blob) // SHARD_BYTES))
    shards = []
    for k in range(n):
        chunk = blob[k * SHARD_BYTES:(k + 1) * SHARD_BYTES]
        fname = f'group1-shard{k + 1}of{n}.bin'
        (folder / fname).write_bytes(chunk)
        shards.append({'file': fname, 'bytes': len(chunk), 'sha256': hashlib.sha256(chunk).hexdigest()})
    return specs, shards


@torch.no_grad()
def euler_rollout(model: UNet, x: torch.Tensor, y, steps: int, guidance: float) -> torch.Tensor:
    for i in range(steps):
        t = torch.full((x.shape[0],), i / steps)
        x = x + (1.0 / steps) * guided_velocity(model, x, t, y, guidance)
    return x


@torch.no_grad()
def write_golden(model: UNet, folder: Path, batch: int, seed: int, guidance: float) -> dict:
    """Golden data in NHWC (the TF.js layout), float32 little endian, concatenated in golden.bin."""
    folder.mkdir(parents=True, exist_ok=True)
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(batch, 3, 32, 32, generator=g)
    t = torch.linspace(0.05, 0.95, batch)
    cond = model.cfg.num_classes > 0
    # labels spread over 0..num_classes, so the null class (index num_classes) is always included
    y = (torch.arange(batch) * model.cfg.num_classes) // max(1, batch - 1) if cond else None
    one = model(x, t, y)
    y_roll = (torch.arange(batch) % model.cfg.num_classes) if cond else None
    g_used = guidance if cond else 1.0
    roll = euler_rollout(model, x.clone(), y_roll, 4, g_used)
    nhwc = lambda a: a.permute(0, 2, 3, 1).contiguous().numpy().astype('<f4')
    arrays = [('x', nhwc(x)), ('t', t.numpy().astype('<f4')), ('velocity', nhwc(one)), ('euler4', nhwc(roll))]
    meta = {'batch': batch, 'seed': seed, 'layout': 'NHWC float32 LE, arrays concatenated in golden.bin',
            'y': y.tolist() if cond else None, 'y_rollout': y_roll.tolist() if cond else None,
            'guidance': g_used, 'rollout': {'method': 'euler', 'steps': 4, 't0': 0.0, 't1': 1.0},
            'arrays': [], 'made_by': 'training/export_tfjs.py (PyTorch %s, float32 weights)' % torch.__version__}
    off = 0
    blob = b''
    for name, a in arrays:
        b = a.tobytes()
        meta['arrays'].append({'name': name, 'shape': list(a.shape), 'offset': off, 'length': a.size})
        off += len(b)
        blob += b
    (folder / 'golden.bin').write_bytes(blob)
    (folder / 'golden.json').write_text(json.dumps(meta, indent=1) + '\n')
    return meta


def read_sessions(run: Path) -> list:
    """Per-invocation training figures written by train.py (sessions.json). Training that happened before
    sessions.json existed (the part of the run before its first recorded session starts) gets one record
    derived from log.jsonl, so no session is lost from the checkpoint's history."""
    f = run / 'sessions.json'
    sessions = json.loads(f.read_text()) if f.exists() else []
    first_start = sessions[0]['end_step'] - sessions[0]['steps'] if sessions else None
    if first_start == 0:
        return sessions
    log = run / 'log.jsonl'
    recs = [json.loads(l) for l in log.read_text().splitlines() if l.strip()] if log.exists() else []
    if first_start is not None:
        recs = [r for r in recs if r['step'] <= first_start]
    if not recs:
        return sessions
    ips = sorted(r['images_per_s'] for r in recs)
    last = recs[-1]
    derived = {'steps': last['step'], 'images': last['images_seen'], 'wall_seconds': round(last['wall_s'], 1),
               'images_per_s': round(last['images_seen'] / max(last['wall_s'], 1e-9), 1),
               'images_per_s_median_of_logs': round(ips[len(ips) // 2], 1), 'end_step': last['step'],
               'derived_from': 'log.jsonl (before sessions.json existed; figures up to its last log line)'}
    return [derived] + sessions


def summarize_log(run: Path) -> dict:
    log = run / 'log.jsonl'
    if not log.exists():
        return {}
    recs = [json.loads(l) for l in log.read_text().splitlines() if l.strip()]
    if not recs:
        return {}
    tail = recs[-10:]
    ips = sorted(r['images_per_s'] for r in recs)
    return {'final_loss_mean_last_10_logs': float(np.mean([r['loss'] for r in tail])),
            'first_loss': recs[0]['loss'], 'images_per_s_median': ips[len(ips) // 2],
            'loss_curve': [[r['step'], round(r['loss'], 5)] for r in recs[:: max(1, len(recs) // 40)]]}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--run', required=True)
    p.add_argument('--name', required=True)
    p.add_argument('--out', required=True, help='e.g. ../public/checkpoints')
    p.add_argument('--dtype', default='float16', choices=['float16', 'float32'])
    p.add_argument('--weights', default='ema', choices=['ema', 'model'])
    p.add_argument('--title', default=None)
    p.add_argument('--notes', default='')
    p.add_argument('--golden', default=None, help='folder for parity golden files (e.g. ../test/fixtures/cifar)')
    p.add_argument('--golden-batch', type=int, default=2)
    p.add_argument('--guidance', type=float, default=2.0)
    p.add_argument('--index', default=None, help='public/checkpoints/index.json to upsert this checkpoint into')
    p.add_argument('--default', action='store_true', help='make this the default checkpoint in the index')
    a = p.parse_args()

    run = Path(a.run)
    state = load_state(run)
    if state is None:
        raise SystemExit(f'no checkpoint in {run}')
    cfg = UNetConfig.from_dict(state['config'])
    model = UNet(cfg)
    model.load_state_dict(state[a.weights])
    model.eval()

    folder = Path(a.out) / a.name
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob('group1-shard*.bin'):
        old.unlink()
    specs, shards = write_weights(model, folder, a.dtype)
    n_params = sum(p.numel() for p in model.parameters())
    model_json = {'format': 'cfm-live-unet', 'formatVersion': 1, 'generatedBy': f'torch {torch.__version__}',
                  'convertedBy': 'training/export_tfjs.py', 'config': cfg.to_dict(),
                  'weightsManifest': [{'paths': [s['file'] for s in shards], 'weights': specs}]}
    (folder / 'model.json').write_text(json.dumps(model_json) + '\n')
    recipe = state['recipe']
    meta = {
        'name': a.name, 'title': a.title or a.name, 'notes': a.notes,
        'architecture': {'type': 'unet', 'config': cfg.to_dict(), 'parameters': n_params},
        'training': {'recipe': recipe, 'steps': state['step'], 'images_seen': state['images_seen'],
                     'epochs': round(state['images_seen'] / max(1, (state.get('data') or {}).get('n', 50000)), 2),
                     'wall_seconds': round(state['wall_seconds'], 1), 'device': state.get('device'),
                     'torch': state.get('torch'), 'weights': a.weights, 'sessions': read_sessions(run)},
        'data': state.get('data'),
        'metrics': summarize_log(run),
        'weights': {'dtype': a.dtype, 'bytes': sum(s['bytes'] for s in shards), 'shards': shards},
        'exported': dt.datetime.now(dt.timezone.utc).isoformat(timespec='seconds'),
    }
    if a.golden:
        gmeta = write_golden(model, Path(a.golden) / a.name, a.golden_batch, seed=1234, guidance=a.guidance)
        meta['golden'] = {'folder': str(Path(a.golden) / a.name), 'batch': gmeta['batch']}
    (folder / 'metadata.json').write_text(json.dumps(meta, indent=1) + '\n')
    print(f'wrote {folder}: {n_params:,} params, {meta["weights"]["bytes"] / 2**20:.2f} MiB {a.dtype}, '
          f'{len(shards)} shard(s)')

    if a.index:
        idx_path = Path(a.index)
        index = json.loads(idx_path.read_text()) if idx_path.exists() else {'checkpoints': []}
        entry = {'name': a.name, 'title': a.title or a.name, 'path': f'checkpoints/{a.name}/',
                 'conditional': cfg.num_classes > 0, 'classes': cfg.num_classes, 'parameters': n_params,
                 'bytes': meta['weights']['bytes'], 'method': recipe['method'], 'notes': a.notes}
        index['checkpoints'] = [c for c in index['checkpoints'] if c['name'] != a.name] + [entry]
        if a.default or index.get('default') not in [c['name'] for c in index['checkpoints']]:
            index['default'] = a.name
        idx_path.write_text(json.dumps(index, indent=1) + '\n')
        print(f'updated {idx_path}')


if __name__ == '__main__':
    main()
