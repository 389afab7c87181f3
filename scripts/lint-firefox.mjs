#!/usr/bin/env node
// Checks the Firefox build as addons.mozilla.org does (addons-linter, Mozilla's own): fails on
// any error, and on any warning except one: "unsafe assignment to innerHTML" where the flagged
// assignment is Preact's own `dom.innerHTML = props.__html` (Preact itself, and the copy bundled
// in dexie-cloud-addon), the code behind dangerouslySetInnerHTML.
// The popup uses it once, to paint the last numbers it rendered itself (see extension/ui/popup.tsx).
// Usage: node scripts/lint-firefox.mjs [Firefox build dir, default .output/firefox-mv2]
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import addonsLinter from 'addons-linter';

const dir = resolve(process.argv[2] ?? '.output/firefox-mv2');
const linter = addonsLinter.createInstance({
  config: { _: [dir], logLevel: 'fatal', stack: false, pretty: false, warningsAsErrors: false, metadata: false, output: 'none', boring: false, selfHosted: false },
  runAsBinary: false,
});
const { errors, warnings, notices } = await linter.run();

/** The flagged assignment itself is Preact's: `….innerHTML=….__html` at the warning's position. */
const isPreactInnerHtml = (w) => {
  if (w.code !== 'UNSAFE_VAR_ASSIGNMENT' || !w.file || !w.line) return false;
  const line = readFileSync(join(dir, w.file), 'utf8').split('\n')[w.line - 1] ?? '';
  const at = line.slice(w.column ?? 0, (w.column ?? 0) + 40);
  return /^[\w$.]*\.innerHTML\s*=\s*[\w$]+\.__html\b/.test(at);
};
const accepted = warnings.filter(isPreactInnerHtml);
const problems = [...errors, ...warnings.filter((w) => !accepted.includes(w))];
for (const p of problems) console.error(`Firefox build: ${p.code} ${p.file ?? ''} — ${p.message}${p.description ? `: ${p.description}` : ''}`);
console.log(
  `Firefox build (addons-linter): ${errors.length} errors, ${warnings.length} warnings (${accepted.length} accepted: Preact's dangerouslySetInnerHTML), ${notices.length} notices`,
);
process.exit(problems.length ? 1 : 0);
