#!/usr/bin/env bash
# npm start: install what is missing, build the PWA and the extension, start the sync server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
npm run -s build:pwa
npm run -s build:ext
exec node --import tsx sync-server/src/main.ts
