#!/usr/bin/env bash
# Debian's Chromium for the browser tests (driven through playwright-core at /usr/bin/chromium).
#   bash scripts/ensure-chromium.sh          installs it with apt when missing (`npm run setup`)
#   bash scripts/ensure-chromium.sh --check  only checks, and says how to install (`npm test` runs this)
# `npm test` never installs anything: installing is this explicit step (CI runs it in .ci/run).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "${1:-}" = "--check" ]; then
  echo "[ensure-chromium] /usr/bin/chromium is missing: the browser tests need Debian's chromium." >&2
  echo "  Install it with: npm run setup   (apt-get install chromium fonts-dejavu-core; root or sudo)" >&2
  exit 1
fi
echo "[ensure-chromium] /usr/bin/chromium missing: installing Debian's chromium via apt" >&2
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
