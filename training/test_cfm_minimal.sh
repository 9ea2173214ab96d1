#!/usr/bin/env bash
# Runs the PyTorch twin of the appendix's 30-line CFM (training/test_cfm_minimal.py) with Debian's
# /usr/bin/python3 (torch 1.13 CPU, numpy, scipy; scripts/ensure-python.sh installs them). Skips with
# a printed reason, exit 0, when that interpreter or one of the packages is missing (CI machines may
# lack torch).
set -euo pipefail
cd "$(dirname "$0")"
PY=/usr/bin/python3
if [[ ! -x $PY ]]; then
  echo "SKIP test_cfm_minimal: $PY not found (run scripts/ensure-python.sh)"
  exit 0
fi
if ! missing=$($PY -c 'import importlib.util as u; m=[p for p in ("torch","numpy","scipy") if u.find_spec(p) is None]; print(" ".join(m)); raise SystemExit(1 if m else 0)'); then
  echo "SKIP test_cfm_minimal: $PY lacks $missing (run scripts/ensure-python.sh)"
  exit 0
fi
OMP_NUM_THREADS=1 exec nice -n 10 $PY -m unittest -v test_cfm_minimal
