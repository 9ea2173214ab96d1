#!/usr/bin/env bash
# The one test command (`npm test`): unit tests in Node, then the built site in real Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
npx vitest run --project unit
bash scripts/ensure-chromium.sh
npm run build
npx vitest run --project e2e
