#!/usr/bin/env bash
# Installs node_modules with `npm ci` when they are missing or older than package-lock.json.
# A stamp of the lockfile's hash (and Node's version, for the native better-sqlite3 build)
# records what is installed, so repeated runs cost nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

# better-sqlite3 compiles from source against Node's headers when no prebuilt binary is reachable.
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ]; then export npm_config_nodedir=/usr; fi

want="$(node -e 'const c=require("crypto"),f=require("fs");process.stdout.write(c.createHash("sha256").update(f.readFileSync("package-lock.json")).update(process.version).digest("hex"))')"
stamp=node_modules/.folio-deps-stamp
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then exit 0; fi

echo "Installing dependencies (npm ci)…"
npm ci --no-audit --no-fund
echo "$want" > "$stamp"
