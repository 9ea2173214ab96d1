#!/usr/bin/env bash
# The one test command (`npm test`): types, unit tests in Node, then the built site in real Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
npx astro sync >/dev/null   # generates .astro/ content types, absent on a clean clone
npx tsc --noEmit -p .
npx vitest run --project unit
bash scripts/ensure-chromium.sh
npm run build
npx vitest run --project e2e
