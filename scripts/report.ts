// npm run report -- <file.json>: prints analyzePortfolio's result for a portfolio document.
import { readFileSync } from 'node:fs';
import { analyzePortfolio } from '../core/src/analysis/analyze-portfolio';
import { CoreError } from '../core/src/errors';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: npm run report -- <portfolio.json>   (format: README, "Scripting reports")\n');
  process.exit(2);
}
try {
  const input: unknown = JSON.parse(readFileSync(file, 'utf8'));
  process.stdout.write(`${JSON.stringify(analyzePortfolio(input), null, 2)}\n`);
} catch (error) {
  const message = error instanceof CoreError || error instanceof SyntaxError ? error.message : String(error);
  process.stderr.write(`report: ${file}: ${message}\n`);
  process.exit(1);
}
