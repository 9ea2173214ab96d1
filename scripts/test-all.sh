#!/usr/bin/env bash
# The one test command (`npm test`): types, unit tests in Node, then the built site in real Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
# Types: astro check (runs astro sync first, which generates the .astro/ content types absent on a
# clean clone, then checks .astro files and their props), tsc for the .ts files, svelte-check for the
# <script lang="ts"> of .svelte files and Svelte's a11y warnings. A warning fails it, as an error does.
npm run typecheck
npx vitest run --project unit
bash scripts/ensure-chromium.sh
npm run build
npx vitest run --project e2e
