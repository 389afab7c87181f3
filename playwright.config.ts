import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './tests/e2e/browser';

const port = Number(process.env.E2E_PORT ?? 18787);
// One fresh data folder per run, shared by the config's re-evaluation in workers.
process.env.E2E_DATA_DIR ??= join(mkdtempSync(join(tmpdir(), 'folio-e2e-')), 'data');

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e',
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    headless: true,
    launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  webServer: {
    command: 'node --import tsx sync-server/src/main.ts',
    url: `http://127.0.0.1:${port}/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    // Recorded market data (labelled demo prices in the app): no network to Yahoo from here.
    // E2E_PWA_DIR lets parallel runs each serve their own build of the PWA.
    env: { ...(process.env.E2E_PWA_DIR ? { PWA_DIR: process.env.E2E_PWA_DIR } : {}), PORT: String(port), HOST: '127.0.0.1', DATA_DIR: process.env.E2E_DATA_DIR, LOG_LEVEL: 'warn', MARKET_PROVIDER: 'fixture' },
  },
});
