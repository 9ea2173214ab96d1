#!/usr/bin/env bash
# `npm run test:training`: the PyTorch tests of training/ (export round trip, --init-from, two-process
# DistributedDataParallel on gloo). Not part of `npm test`: they need PyTorch and the CIFAR-10 fixture
# (../shared/data/cifar10, or CIFAR_DATA). Uses $PYTHON if set, else the first of /usr/bin/python3 and
# python3 that imports torch.
set -euo pipefail
cd "$(dirname "$0")/../training"
for py in "${PYTHON:-}" /usr/bin/python3 python3; do
  [ -n "$py" ] || continue
  if command -v "$py" >/dev/null 2>&1 && "$py" -c 'import torch' >/dev/null 2>&1; then
    echo "test:training with $py (torch $("$py" -c 'import torch; print(torch.__version__)'))"
    exec "$py" test_training.py -v
  fi
done
echo "test:training: no Python with PyTorch found (set PYTHON=/path/to/python3 with torch installed)" >&2
exit 1
