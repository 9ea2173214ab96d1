#!/usr/bin/env bash
# Regenerates the tiny parity fixture (test/fixtures/cifar/): a 45k-parameter class-conditional UNet
# with attention, trained for 60 steps on the 256-image fixture so that every weight (norm scales,
# class embedding, attention) has moved away from its initial value, exported as float32 and float16,
# with PyTorch golden outputs. Usage: bash make_parity_fixtures.sh ../../shared/data/cifar10
set -euo pipefail
cd "$(dirname "$0")"
DATA=${1:-../../shared/data/cifar10}
PY=${PYTHON:-/usr/bin/python3}
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
rm -rf runs/tiny-parity
$PY train.py --data "$DATA" --split fixture --run runs/tiny-parity --preset tiny --conditional \
  --batch 16 --lr 2e-3 --warmup 1 --ema 0.9 --max-steps 60 --log-every 20
$PY export_tfjs.py --run runs/tiny-parity --name tiny-cond --dtype float32 --weights model \
  --out ../test/fixtures/cifar/weights-fp32 --golden ../test/fixtures/cifar --golden-batch 2 \
  --notes 'parity fixture only (not a usable model)'
$PY export_tfjs.py --run runs/tiny-parity --name tiny-cond --dtype float16 --weights model \
  --out ../test/fixtures/cifar/weights-fp16 --notes 'parity fixture only (not a usable model)'
