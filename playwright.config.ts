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
    env: { ...(process.env.E2E_PWA_DIR ? { PWA_DIR: process.env.E2E_PWA_DIR } : {}), PORT: String(port), HOST: '127.0.0.1', DATA_DIR: process.env.E2E_DATA_DIR, LOG_LEVEL: 'warn', MARKET_PROVIDER: 'fixture',
      // AI insights go to the fake OpenAI-compatible server that tests/e2e/insights.spec.ts starts (port + 20).
      OPENAI_API_KEY: 'sk-e2e-fake-key', OPENAI_MODEL: 'fake-model', OPENAI_BASE_URL: `http://127.0.0.1:${port + 20}/v1`, AI_RATE_PER_MINUTE: '60',
      // Questrade goes to the fake that tests/e2e/questrade.spec.ts starts (port + 10); OAuth comes back to this server.
      QUESTRADE_LOGIN_URL: `http://127.0.0.1:${port + 10}`, QUESTRADE_CLIENT_ID: 'folio-e2e', QUESTRADE_REDIRECT_URI: `http://127.0.0.1:${port}/api/v1/questrade/oauth/callback`,
      QUESTRADE_SYNC_MINUTES: '0', QUESTRADE_HISTORY_START: '2011-01-01' },
  },
});
