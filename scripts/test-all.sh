#!/usr/bin/env bash
# The one test command (`npm test`): types, unit tests in Node, then the built site in real Chromium.
# It installs nothing: Debian's Chromium comes from `npm run setup` (CI runs it in .ci/run); without
# it this stops at once and says so.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-chromium.sh --check
# Types: astro check (runs astro sync first, which generates the .astro/ content types absent on a
# clean clone, then checks .astro files and their props), tsc for the .ts files, svelte-check for the
# <script lang="ts"> of .svelte files and Svelte's a11y warnings. A warning fails it, as an error does.
npm run typecheck
# Guardrails, each at zero findings: typed ESLint with the import boundaries (--max-warnings 0),
# Prettier's check of the code, and knip (unused files, exports and dependencies).
npm run lint
npm run format:check
npm run knip
# Unit tests with V8 coverage: fails when src/lib/core falls under 90 % of lines or branches
# (vitest.config.ts). Instrumentation slows numerical tests about 5×, hence the timeout; the six
# longest numerical files (LONG_UNIT_FILES in vitest.config.ts) run after it, without coverage.
UNIT_PART=covered npx vitest run --project unit --coverage --testTimeout=240000
UNIT_PART=long npx vitest run --project unit
npm run build
# The built site: bundles per island, reproducible HTML (a second build), the dev server, then every
# page and widget in Chromium.
npx vitest run --project e2e
