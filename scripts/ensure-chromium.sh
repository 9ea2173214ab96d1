#!/usr/bin/env bash
# Installs Debian's Chromium when it is missing (browser and e2e tests drive it through playwright-core).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
echo "[ensure-chromium] /usr/bin/chromium missing: installing Debian's chromium via apt" >&2
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
