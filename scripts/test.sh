#!/usr/bin/env bash
# npm test: install what is missing, then typecheck, unit + integration tests, builds, and
# browser end-to-end tests. Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/ensure-chromium.sh

echo "── typecheck"
npm run -s typecheck
echo "── unit and integration tests (vitest)"
npx vitest run
echo "── build (PWA and extension)"
npm run -s build:pwa >/dev/null
npm run -s build:ext >/dev/null
node scripts/check-extension-size.mjs
echo "── Firefox build, checked as addons.mozilla.org does"
npm run -s build:ext:firefox >/dev/null
node scripts/lint-firefox.mjs
echo "── browser end-to-end tests (playwright, Debian chromium)"
npx playwright test
