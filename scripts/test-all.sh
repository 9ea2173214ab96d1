#!/usr/bin/env bash
# The one test command (`npm test`): types, unit tests in Node, then the built site in real Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
# astro sync (generates .astro/ content types, absent on a clean clone), then tsc for .ts files and
# svelte-check for the <script lang="ts"> of .svelte files and Svelte's a11y warnings (which fail it too)
npm run typecheck
npx vitest run --project unit
bash scripts/ensure-chromium.sh
npm run build
npx vitest run --project e2e
