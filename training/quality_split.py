"""The quality score of quality.py, split across two machines.

A lent GPU machine can sample tens of thousands of images in seconds but cannot hold the CIFAR-10 test set
beside the training set (the working tree that travels is capped at 64 MiB). The Fréchet distance needs
only the mean and covariance of each feature set, and class agreement only the classifier's verdicts, so:

  # on the GPU machine (training set only): classifier features of the samples -> moments; agreement
  python3 quality_split.py stats --data DATA --classifier runs/classifier/classifier.pt \
      --checkpoint ../public/checkpoints/A ../public/checkpoints/B --nfe 10 20 50 --guidance 2 \
      --agreement-nfe 20 --agreement-guidance 1 2 3 --out stats.npz        # also writes stats.json
  # here (test set present): test features, floor, ceiling, classifier accuracy -> metadata.json of each
  python3 quality_split.py finish --data DATA --classifier runs/classifier/classifier.pt \
      --stats stats.npz [more.npz ...] --checkpoints ../public/checkpoints

The numbers equal `quality.py score` run on one machine with the same settings (same seeds, same samples,
same formula; test_training.py checks it), apart from the arithmetic differences of two devices.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import time
from pathlib import Path

import numpy as np
import torch

from data import load_split
from quality import (accuracy, device_of, features, frechet_moments, load_classifier, moments,
                     per_class_agreement, sample, sample_features, to_x)

METRIC = ('Frechet distance in the {d}-d feature space of a small CIFAR-10 classifier trained by training/quality.py '
          '(NOT Inception FID; not comparable with published FIDs); class agreement = share of class-conditional '
          'samples the same classifier assigns to the requested class')


def sha256_file(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def key(name: str, solver: str, nfe: int, w: float) -> str:
    return f'{name}|{solver}|{nfe}|{w:g}'


def stats(a) -> None:
    from tfjs_weights import load_tfjs_model
    dev = device_of(a.device)
    if dev.type == 'cuda':  # full float32 arithmetic, as on the CPU that finishes the score
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
    torch.set_num_threads(a.threads)
    net, _ = load_classifier(a.classifier, dev)
    arrays: dict[str, np.ndarray] = {}
    info = {'classifier_sha256': sha256_file(a.classifier), 'n': a.n, 'device': str(dev),
            'device_name': torch.cuda.get_device_name(dev) if dev.type == 'cuda' else 'cpu',
            'torch': torch.__version__, 'checkpoints': {}}
    if a.floor:
        xtr, _ = load_split(a.data, 'train')
        pick = np.random.default_rng(0).choice(len(xtr), size=min(a.n, len(xtr)), replace=False)  # as quality.score
        f_train = features(net, to_x(torch.from_numpy(np.ascontiguousarray(xtr[np.sort(pick)])).to(dev)))
        arrays['train|mu'], arrays['train|cov'] = moments(f_train)
        info['floor_n'] = int(len(pick))
    for folder in a.checkpoint:
        folder = Path(folder)
        model, _ = load_tfjs_model(str(folder))
        model = model.to(dev)
        name = folder.name
        shas = [sh['sha256'] for sh in json.loads((folder / 'metadata.json').read_text())['weights']['shards']]
        cond = model.cfg.num_classes > 0
        runs: dict[tuple, dict] = {}
        for w in (a.guidance if cond else [1.0]):
            for nfe in a.nfe:
                if a.n <= 0:
                    break
                cache = Path(a.cache) if a.cache else None
                if cache:
                    cache.mkdir(parents=True, exist_ok=True)
                tag = f'{name}-{shas[0][:12]}-judge{info["classifier_sha256"][:12]}-{a.solver}-nfe{nfe}-w{w:g}-n{a.n}-s1'
                fs, secs = sample_features(model, net, a.n, nfe, dev, a.batch, 1, a.solver, w, False, cache, tag)
                k = key(name, a.solver, nfe, w)
                arrays[k + '|mu'], arrays[k + '|cov'] = moments(fs)
                runs[(a.solver, nfe, w)] = {'solver': a.solver, 'nfe': nfe, 'guidance': w, 'fd_n': a.n,
                                            'seconds': round(secs, 1), 'moments': k}
        if cond and a.agreement > 0:
            y = torch.arange(a.agreement) % 10
            for w in a.agreement_guidance:
                for nfe in a.agreement_nfe:
                    xs, _ = sample(model, a.agreement, nfe, dev, a.batch, seed=2, solver=a.solver, guidance=w, labels=y)
                    rec = runs.setdefault((a.solver, nfe, w), {'solver': a.solver, 'nfe': nfe, 'guidance': w})
                    rec['agreement'] = per_class_agreement(net, xs, y)
                    rec['agreement_n'] = a.agreement
                    print(json.dumps({'checkpoint': name, 'nfe': nfe, 'guidance': w,
                                      'agreement': rec['agreement']['overall']}), flush=True)
        info['checkpoints'][name] = {'weights_sha256': shas, 'runs': list(runs.values())}
        print(json.dumps({'checkpoint': name, 'runs': len(runs)}), flush=True)
    out = Path(a.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez(out, **arrays)
    out.with_suffix('.json').write_text(json.dumps(info, indent=1) + '\n')
    print(f'wrote {out} and {out.with_suffix(".json")}')


def load_stats(paths: list[str]) -> tuple[dict, dict, str]:
    """Several `stats` outputs (say agreement on one machine, a Fréchet distance on another) as one: moments by
    key, and per checkpoint its runs merged by (solver, NFE, w) like quality.py merge. All must share the classifier."""
    arrays: dict[str, np.ndarray] = {}
    checkpoints: dict[str, dict] = {}
    classifier = None
    for path in paths:
        info = json.loads(Path(path).with_suffix('.json').read_text())
        if classifier not in (None, info['classifier_sha256']):
            raise SystemExit(f'{path}: computed with another classifier than the other statistics')
        classifier = info['classifier_sha256']
        with np.load(path) as z:
            arrays.update({k: z[k] for k in z.files})
        for name, c in info['checkpoints'].items():
            entry = checkpoints.setdefault(name, {'weights_sha256': c['weights_sha256'], 'runs': {}, 'devices': set()})
            if entry['weights_sha256'] != c['weights_sha256']:
                raise SystemExit(f'{path}: {name} has other weights than in the other statistics')
            entry['devices'].add(f"{info['device_name']} (torch {info['torch']}, float32)")
            for r in c['runs']:
                entry['runs'].setdefault((r['solver'], r['nfe'], r['guidance']), {}).update(r)
    return arrays, checkpoints, classifier


def finish(a) -> None:
    torch.set_num_threads(a.threads)
    dev = torch.device('cpu')
    z, checkpoints, classifier_sha = load_stats(a.stats)
    if sha256_file(a.classifier) != classifier_sha:
        raise SystemExit(f'{a.classifier} is not the classifier the statistics were computed with')
    net, ck = load_classifier(a.classifier, dev)
    xte, yte = load_split(a.data, 'test')
    x_test = to_x(torch.from_numpy(xte))
    mu_t, cov_t = moments(features(net, x_test))
    acc = ck.get('test_accuracy')
    if acc is None:
        acc = accuracy(net, torch.from_numpy(xte), torch.from_numpy(yte))
    ceiling = per_class_agreement(net, x_test, torch.from_numpy(yte).long())
    floor = frechet_moments(z['train|mu'], z['train|cov'], mu_t, cov_t) if 'train|mu' in z else None
    print(json.dumps({'classifier_test_accuracy': acc, 'floor_train_vs_test': floor}), flush=True)
    for name, c in checkpoints.items():
        folder = Path(a.checkpoints) / name
        meta_path = folder / 'metadata.json'
        meta = json.loads(meta_path.read_text())
        shas = [sh['sha256'] for sh in meta['weights']['shards']]
        if shas != c['weights_sha256']:
            raise SystemExit(f'{folder}: its weights are not the ones scored ({c["weights_sha256"][0][:12]}…)')
        runs = []
        for r in c['runs'].values():
            r = dict(r)
            k = r.pop('moments', None)
            if k is not None:
                r['fd'] = frechet_moments(z[k + '|mu'], z[k + '|cov'], mu_t, cov_t)
            runs.append(r)
        runs.sort(key=lambda r: (r['guidance'], r['nfe'], r['solver']))
        result = {'metric': METRIC.format(d=len(mu_t)), 'feature_dim': int(len(mu_t)), 'classifier_test_accuracy': acc,
                  'classifier_sha256': classifier_sha, 'reference': 'CIFAR-10 test set (10 000)',
                  'ceiling_test_images': ceiling, 'floor_train_vs_test': floor,
                  'model': f'exported checkpoint {name} (float16 weights)', 'weights_sha256': shas, 'runs': runs,
                  'n_samples': max((r.get('fd_n', 0) for r in runs), default=0),
                  'euler': {str(r['nfe']): {'fd': r['fd'], 'seconds': r['seconds']}
                            for r in runs if r['solver'] == 'euler' and r['guidance'] == 1.0 and 'fd' in r},
                  'dopri5': None,
                  'scored_on': {'samples': ' and '.join(sorted(c['devices'])),
                                'test_features': f'cpu (torch {torch.__version__})', 'finished': time.strftime('%Y-%m-%d')}}
        metrics = meta.setdefault('metrics', {})
        if name in a.keep_quality:  # its score stays; this judge's verdict goes beside it, one entry per classifier
            others = [o for o in metrics.get('quality_other_judges', []) if o.get('classifier_sha256') != classifier_sha]
            metrics['quality_other_judges'] = others + [result]
        else:
            earlier = metrics.get('quality')
            if earlier and earlier.get('classifier_sha256') != classifier_sha:  # scored by another judge: kept apart
                metrics.setdefault('quality_earlier', []).append(earlier)
            metrics['quality'] = result
        meta_path.write_text(json.dumps(meta, indent=1) + '\n')
        print(json.dumps({'checkpoint': name, 'runs': [{k: r.get(k) for k in ('nfe', 'guidance', 'fd')} |
                                                       {'agreement': r.get('agreement', {}).get('overall')} for r in runs]}))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest='cmd', required=True)
    s = sub.add_parser('stats', help='on the sampling machine: feature moments of samples and of training images; agreement')
    s.add_argument('--data', required=True)
    s.add_argument('--classifier', required=True)
    s.add_argument('--checkpoint', nargs='+', required=True, help='exported checkpoint folders')
    s.add_argument('--n', type=int, default=10000)
    s.add_argument('--nfe', type=int, nargs='*', default=[10, 20, 50])
    s.add_argument('--guidance', type=float, nargs='*', default=[2.0])
    s.add_argument('--agreement', type=int, default=1000)
    s.add_argument('--agreement-nfe', type=int, nargs='*', default=[20])
    s.add_argument('--agreement-guidance', type=float, nargs='*', default=[1.0, 2.0, 3.0])
    s.add_argument('--solver', default='euler')
    s.add_argument('--batch', type=int, default=1000)
    s.add_argument('--floor', action=argparse.BooleanOptionalAction, default=True)
    s.add_argument('--threads', type=int, default=1)
    s.add_argument('--device', default='auto')
    s.add_argument('--out', required=True, help='.npz of moments; a .json of the same name holds the rest')
    s.add_argument('--cache', default=None,
                   help='folder for each batch\'s features as it completes: an interrupted run resumes there')
    f = sub.add_parser('finish', help='here: test features, floor, ceiling; writes metrics.quality of each checkpoint')
    f.add_argument('--data', required=True)
    f.add_argument('--classifier', required=True)
    f.add_argument('--stats', nargs='+', required=True, help='one or more `stats` outputs (.npz)')
    f.add_argument('--checkpoints', required=True, help='folder holding the exported checkpoints (public/checkpoints)')
    f.add_argument('--keep-quality', nargs='*', default=[], metavar='NAME',
                   help='checkpoints whose metrics.quality stays (say, scored by an earlier classifier): the result is '
                        'recorded under metrics.quality_other_judges instead')
    f.add_argument('--threads', type=int, default=2)
    a = p.parse_args()
    {'stats': stats, 'finish': finish}[a.cmd](a)


if __name__ == '__main__':
    main()
