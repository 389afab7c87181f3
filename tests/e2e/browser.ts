import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from '@playwright/test';

/** Debian's Chromium and the flags it needs on these machines (no network but loopback). */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * A fresh, persistent (non-incognito) browser profile, as a user's browser is: needed to
 * load an unpacked extension and for Chromium to judge a PWA installable. Unless
 * `firstRun` is asked for, the PWA's welcome screen counts as done (as for a returning user).
 */
export async function launchProfile({ baseURL, extensionDir, firstRun = false }: { baseURL?: string; extensionDir?: string; firstRun?: boolean } = {}): Promise<BrowserContext> {
  const extensionArgs = extensionDir ? [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`] : [];
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'folio-profile-')), {
    headless: true,
    executablePath: chromiumPath,
    args: [...chromiumArgs, ...extensionArgs],
    ...(baseURL ? { baseURL } : {}),
  });
  if (!firstRun) await context.addInitScript(() => localStorage.setItem('folio.onboarded', 'yes'));
  return context;
}
