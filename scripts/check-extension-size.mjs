#!/usr/bin/env node
// Fails when a built content script is over the budget (20 KB gzipped): content scripts load
// into every page the overlay is on, so they stay plain DOM code (no Preact, zod or Decimal).
// Usage: node scripts/check-extension-size.mjs [extension build dir, default .output/chrome-mv3]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET = 20 * 1024;
const dir = resolve(process.argv[2] ?? '.output/chrome-mv3', 'content-scripts');

let files;
try {
  files = readdirSync(dir).filter((f) => f.endsWith('.js'));
} catch {
  console.error(`No content scripts at ${dir}: build the extension first (npm run build:ext).`);
  process.exit(1);
}
if (files.length === 0) {
  console.error(`No .js files in ${dir}.`);
  process.exit(1);
}

let failed = false;
for (const file of files) {
  const path = join(dir, file);
  const raw = statSync(path).size;
  const gz = gzipSync(readFileSync(path), { level: 9 }).length;
  const over = gz > BUDGET;
  failed ||= over;
  console.log(`${over ? 'FAIL' : 'ok  '} content-scripts/${file}: ${(gz / 1024).toFixed(2)} KB gzipped (${(raw / 1024).toFixed(2)} KB raw), budget ${BUDGET / 1024} KB`);
}
process.exit(failed ? 1 : 0);
