"""Tests of the training pipeline that need PyTorch (run: `npm run test:training`; not part of `npm test`).

* export -> tfjs_weights round trip: float32 weights come back bit-exact, float16 within half precision;
* `train.py --init-from`: a new run warm-started from an exported checkpoint continues its step count
  and session log, starting from exactly the exported EMA weights;
* DistributedDataParallel with two CPU processes (gloo, the environment torchrun sets): the two replicas stay identical after several steps.
Each test trains the `tiny` preset on the 256-image fixture for a few steps (seconds).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import numpy as np
import torch

HERE = Path(__file__).resolve().parent
DATA = os.environ.get('CIFAR_DATA', str(HERE.parent.parent / 'shared' / 'data' / 'cifar10'))
ENV = {**os.environ, 'OMP_NUM_THREADS': '1'}


def run(*args: str) -> str:
    out = subprocess.run([sys.executable, *args], cwd=HERE, env=ENV, capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        raise AssertionError(f'{args} failed:\n{out.stdout}\n{out.stderr}')
    return out.stdout


def train(run_dir: Path, *extra: str) -> str:
    return run('train.py', '--data', DATA, '--split', 'fixture', '--run', str(run_dir), '--preset', 'tiny',
               '--conditional', '--batch', '8', '--log-every', '1', *extra)


@unittest.skipUnless(Path(DATA, 'fixture-256.u8').exists(), f'CIFAR-10 fixture not found in {DATA}')
class TrainingPipeline(unittest.TestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix='cfm-train-'))

    def export(self, run_dir: Path, name: str, dtype: str) -> Path:
        run('export_tfjs.py', '--run', str(run_dir), '--name', name, '--out', str(self.tmp / 'ckpts'), '--dtype', dtype)
        return self.tmp / 'ckpts' / name

    def test_export_round_trip(self):
        from checkpoint_io import load_state
        from tfjs_weights import load_tfjs_checkpoint
        train(self.tmp / 'r', '--max-steps', '2')
        ema = load_state(self.tmp / 'r')['ema']
        _, w32, _ = load_tfjs_checkpoint(self.export(self.tmp / 'r', 'f32', 'float32'))
        _, w16, meta = load_tfjs_checkpoint(self.export(self.tmp / 'r', 'f16', 'float16'))
        self.assertEqual(set(w32), set(ema))
        for k, v in ema.items():
            self.assertTrue(torch.equal(w32[k], v.float()), k)
            self.assertTrue(torch.allclose(w16[k], v.float(), rtol=1e-3, atol=1e-4), k)
        self.assertEqual(meta['training']['steps'], 2)
        # a corrupted shard is refused
        shard = self.tmp / 'ckpts' / 'f16' / 'group1-shard1of1.bin'
        b = bytearray(shard.read_bytes())
        b[10] ^= 0xFF
        shard.write_bytes(bytes(b))
        with self.assertRaises(ValueError):
            load_tfjs_checkpoint(shard.parent)

    def test_init_from_continues(self):
        from checkpoint_io import load_state
        from tfjs_weights import load_tfjs_checkpoint
        train(self.tmp / 'a', '--max-steps', '3')
        ck = self.export(self.tmp / 'a', 'a32', 'float32')
        _, exported, _ = load_tfjs_checkpoint(ck)
        # zero steps: the warm-started run holds exactly the exported weights, in model and EMA
        train(self.tmp / 'b0', '--init-from', str(ck), '--max-steps', '3', '--warmup', '5')
        s0 = load_state(self.tmp / 'b0')
        for k, v in exported.items():
            self.assertTrue(torch.equal(s0['model'][k], v), k)
            self.assertTrue(torch.equal(s0['ema'][k], v), k)
        train(self.tmp / 'b', '--init-from', str(ck), '--max-steps', '5', '--warmup', '5')
        s = load_state(self.tmp / 'b')
        self.assertEqual(s['step'], 5)
        self.assertEqual(s['images_seen'], 5 * 8)
        self.assertEqual(s['recipe']['warmup_steps'], 5)
        sessions = json.loads((self.tmp / 'b' / 'sessions.json').read_text())
        self.assertEqual([r['steps'] for r in sessions], [3, 2])

    def test_ddp_two_cpu_processes_stay_identical(self):
        # Two processes with the environment torchrun gives its workers (env:// rendezvous on loopback).
        # Debian's torch 1.13 `torch.distributed.run` fails before starting workers on Python 3.11
        # (Std.from_str returns None), so the test starts them itself; train.py only reads the variables.
        import socket
        with socket.socket() as s:
            s.bind(('127.0.0.1', 0))
            port = s.getsockname()[1]
        args = [sys.executable, 'train.py', '--data', DATA, '--split', 'fixture', '--run', str(self.tmp / 'ddp'),
                '--preset', 'tiny', '--conditional', '--batch', '8', '--max-steps', '4', '--log-every', '1']
        procs = [subprocess.Popen(args, cwd=HERE, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  env={**ENV, 'MASTER_ADDR': '127.0.0.1', 'MASTER_PORT': str(port), 'WORLD_SIZE': '2',
                                       'RANK': str(r), 'LOCAL_RANK': str(r), 'LOCAL_WORLD_SIZE': '2'})
                 for r in range(2)]
        outs = [p.communicate(timeout=600) for p in procs]
        for p, (o, e) in zip(procs, outs):
            self.assertEqual(p.returncode, 0, e[-3000:])
        rec = [json.loads(l) for l in outs[0][0].splitlines() if l.startswith('{"ddp_world_size"')]
        self.assertEqual(len(rec), 1, outs[0][0])
        self.assertEqual(rec[0]['ddp_world_size'], 2)
        self.assertEqual(rec[0]['ddp_replicas_max_abs_diff'], 0.0)
        self.assertNotIn('ddp_world_size', outs[1][0])  # rank 1 neither logs nor saves
        from checkpoint_io import load_state
        s = load_state(self.tmp / 'ddp')
        self.assertEqual(s['step'], 4)
        self.assertEqual(s['images_seen'], 4 * 8)


@unittest.skipUnless(Path(DATA, 'fixture-256.u8').exists(), f'CIFAR-10 fixture not found in {DATA}')
class QualityTools(unittest.TestCase):
    """quality.py's tools for a shared CPU: resumable Fréchet sampling and `merge`; quality_split.py."""

    def test_cached_features_resume_to_the_one_shot_result(self):
        import dataclasses
        import quality
        from unet import PRESETS, UNet, UNetConfig
        torch.manual_seed(0)
        model = UNet(UNetConfig(**{**dataclasses.asdict(PRESETS['tiny']), 'num_classes': 10})).eval()
        net = quality.SmallCNN(8).eval()
        args = (model, net, 12, 2, torch.device('cpu'), 5, 3, 'euler', 2.0, False)
        one_shot, _ = quality.sample_features(*args, None, 't')
        cache = Path(tempfile.mkdtemp(prefix='cfm-fd-cache-'))
        first, _ = quality.sample_features(*args, cache, 't')
        self.assertEqual(sorted(p.name for p in cache.iterdir()), ['t-b5-i0.npz', 't-b5-i10.npz', 't-b5-i5.npz'])
        (cache / 't-b5-i5.npz').unlink()  # an interrupted run: batch 1 missing
        resumed, _ = quality.sample_features(*args, cache, 't')
        np = __import__('numpy')
        self.assertTrue(np.array_equal(first, one_shot))
        self.assertTrue(np.allclose(resumed, one_shot, rtol=0, atol=1e-12))
        # batch 1 of the resumed run was really recomputed from the redrawn noise, not read from batch 0
        self.assertFalse(np.allclose(resumed[5:10], resumed[0:5]))

    def test_merge_combines_runs_and_refuses_other_weights(self):
        tmp = Path(tempfile.mkdtemp(prefix='cfm-merge-'))
        meta = {'name': 'x', 'weights': {'shards': [{'sha256': 'a' * 64}]}, 'metrics': {'first_loss': 1.0}}
        (tmp / 'metadata.json').write_text(json.dumps(meta))
        head = {'metric': 'm', 'classifier_test_accuracy': 0.85, 'weights_sha256': ['a' * 64], 'euler': {}, 'dopri5': None}
        agree = {**head, 'n_samples': 0, 'runs': [
            {'solver': 'euler', 'nfe': 20, 'guidance': 2.0, 'agreement': {'overall': 0.7, 'per_class': {}}, 'agreement_n': 1000}]}
        fd = {**head, 'n_samples': 10000, 'floor_train_vs_test': 0.03, 'runs': [
            {'solver': 'euler', 'nfe': 20, 'guidance': 2.0, 'fd': 1.5, 'fd_n': 10000, 'seconds': 9.0},
            {'solver': 'euler', 'nfe': 10, 'guidance': 2.0, 'fd': 2.5, 'fd_n': 10000, 'seconds': 4.0}]}
        (tmp / 'agree.json').write_text(json.dumps(agree))
        (tmp / 'fd.json').write_text(json.dumps(fd))
        run('quality.py', 'merge', '--metadata', str(tmp / 'metadata.json'), str(tmp / 'agree.json'), str(tmp / 'fd.json'))
        q = json.loads((tmp / 'metadata.json').read_text())['metrics']['quality']
        self.assertEqual(json.loads((tmp / 'metadata.json').read_text())['metrics']['first_loss'], 1.0)
        self.assertEqual([(r['nfe'], r.get('fd'), r.get('agreement_n')) for r in q['runs']], [(10, 2.5, None), (20, 1.5, 1000)])
        self.assertEqual(q['floor_train_vs_test'], 0.03)
        self.assertEqual(q['n_samples'], 10000)
        (tmp / 'other.json').write_text(json.dumps({**fd, 'weights_sha256': ['b' * 64]}))
        with self.assertRaises(AssertionError):
            run('quality.py', 'merge', '--metadata', str(tmp / 'metadata.json'), str(tmp / 'other.json'))

    def test_split_score_equals_the_one_machine_score(self):
        """quality_split.py (moments and agreement where the samples are drawn, the rest where the test set is)
        gives the numbers of quality.py score on one machine: same floor, Fréchet distances and agreement."""
        tmp = Path(tempfile.mkdtemp(prefix='cfm-split-'))
        train(tmp / 'r', '--max-steps', '2')
        run('export_tfjs.py', '--run', str(tmp / 'r'), '--name', 'c', '--out', str(tmp / 'ckpts'))
        ck = str(tmp / 'ckpts' / 'c')
        run('quality.py', 'classifier', '--data', DATA, '--split', 'fixture', '--epochs', '1', '--width', '8',
            '--batch', '32', '--out', str(tmp / 'cls'))
        cls = str(tmp / 'cls' / 'classifier.pt')
        common = ('--data', DATA, '--classifier', cls, '--checkpoint', ck, '--batch', '10')
        run('quality.py', 'score', *common, '--n', '24', '--nfe', '2', '--guidance', '1', '2', '--agreement', '20',
            '--out', str(tmp / 'one.json'))
        # two partial runs, as on two machines: Fréchet moments and floor, then agreement alone
        fd_args = (*common, '--n', '24', '--nfe', '2', '--guidance', '1', '2', '--agreement', '0', '--cache', str(tmp / 'cache'))
        run('quality_split.py', 'stats', *fd_args, '--out', str(tmp / 'fd.npz'))
        # an interrupted run resumes from its cache: one batch lost, the same moments once run again
        cached = sorted((tmp / 'cache').glob('*.npz'))
        self.assertEqual(len(cached), 6)  # 3 batches of 10 for 24 samples, at two guidance weights
        cached[1].unlink()
        run('quality_split.py', 'stats', *fd_args, '--no-floor', '--out', str(tmp / 'fd-resumed.npz'))
        first, resumed = np.load(tmp / 'fd.npz'), np.load(tmp / 'fd-resumed.npz')
        for k in resumed.files:
            np.testing.assert_array_equal(first[k], resumed[k])
        run('quality_split.py', 'stats', *common, '--n', '0', '--no-floor', '--agreement', '20', '--agreement-nfe', '2',
            '--agreement-guidance', '1', '2', '--out', str(tmp / 'agree.npz'))
        run('quality_split.py', 'finish', '--data', DATA, '--classifier', cls, '--stats', str(tmp / 'fd.npz'),
            str(tmp / 'agree.npz'), '--checkpoints', str(tmp / 'ckpts'))
        one = json.loads((tmp / 'one.json').read_text())
        split = json.loads((tmp / 'ckpts' / 'c' / 'metadata.json').read_text())['metrics']['quality']
        self.assertEqual(split['floor_train_vs_test'], one['floor_train_vs_test'])
        self.assertEqual(split['classifier_test_accuracy'], one['classifier_test_accuracy'])
        self.assertEqual(split['ceiling_test_images'], one['ceiling_test_images'])
        key = lambda r: (r['nfe'], r['guidance'])
        self.assertEqual(sorted(map(key, split['runs'])), sorted(map(key, one['runs'])))
        for r in one['runs']:
            s = next(x for x in split['runs'] if key(x) == key(r))
            self.assertAlmostEqual(s['fd'], r['fd'], delta=1e-9 * abs(r['fd']))
            self.assertEqual(s['agreement'], r['agreement'])
        # statistics of another classifier are refused
        run('quality.py', 'classifier', '--data', DATA, '--split', 'fixture', '--epochs', '1', '--width', '4',
            '--batch', '32', '--out', str(tmp / 'other'))
        with self.assertRaises(AssertionError):
            run('quality_split.py', 'finish', '--data', DATA, '--classifier', str(tmp / 'other' / 'classifier.pt'),
                '--stats', str(tmp / 'fd.npz'), '--checkpoints', str(tmp / 'ckpts'))


if __name__ == '__main__':
    unittest.main()
