#!/usr/bin/env bash
# npm run bench: every benchmark runs; the exit code is non-zero if any target was missed.
cd "$(dirname "$0")/.."
status=0
npx tsx bench/engine.bench.ts || status=1
npx tsx bench/sync.bench.ts || status=1
npx tsx bench/market.bench.ts || status=1
npm run -s build:pwa > /dev/null && npx tsx bench/pwa.bench.ts || status=1
# The overlay's content script budget (popup paint and scan times are measured in the browser tests).
npm run -s build:ext > /dev/null && node scripts/check-extension-size.mjs || status=1
exit $status
