#!/usr/bin/env bash
# Installs Debian's Python stack used by the offline training code, golden-file generators and the
# PyTorch reference benchmarks (python3-torch 1.13 CPU, numpy, scipy, Pillow) when missing.
set -euo pipefail
if /usr/bin/python3 -c 'import torch, numpy, scipy, PIL' 2>/dev/null; then exit 0; fi
echo "[ensure-python] installing python3-torch python3-numpy python3-scipy python3-pil via apt" >&2
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-torch python3-numpy python3-scipy python3-pil >/dev/null
