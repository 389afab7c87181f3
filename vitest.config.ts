import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// Playwright specs live in tests/e2e and run under `playwright test`, not here.
export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 20_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['{core,pwa,sync-server}/**/*.test.{ts,tsx}'] } },
      // Extension code runs against WXT's fake browser (alarms, badge, notifications, storage, messaging).
      { extends: true, plugins: [WxtVitest()], test: { name: 'extension', include: ['extension/**/*.test.{ts,tsx}'] } },
    ],
  },
});
