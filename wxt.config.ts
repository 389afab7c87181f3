import { fileURLToPath } from 'node:url';
import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { OVERLAY_ORIGINS } from './extension/overlay/sites';
import { SYNC_DATA_COLLECTION } from './extension/sync-data-collection';

export default defineConfig({
  srcDir: 'extension',
  publicDir: 'extension/public',
  outDir: '.output',
  manifest: {
    name: 'Folio — portfolio tracker',
    short_name: 'Folio',
    description: 'Your portfolio one click away: holdings, cost basis and live prices, stored on your device.',
    // scripting: registers the ticker overlay on the sites the user switches on; storage: those choices.
    // alarms: the background's quote refresh on a market-hours schedule; notifications: price alerts.
    permissions: ['scripting', 'storage', 'alarms', 'notifications'],
    // The overlay's sites, each asked for at runtime from the options page; nothing at install.
    optional_host_permissions: OVERLAY_ORIGINS,
  },
  // The sources zip (for Firefox's add-on review) holds the code, not test output or built files.
  zip: { excludeSources: ['test-results/**', 'pwa/dist/**', '.output/**', 'playwright-report/**'] },
  // Firefox's MV2 build has no optional_host_permissions: there the same origins are optional permissions.
  hooks: {
    'build:manifestGenerated': (wxt, manifest) => {
      if (wxt.config.manifestVersion === 2) manifest.optional_permissions = [...(manifest.optional_permissions ?? []), ...OVERLAY_ORIGINS];
      // Firefox: an add-on id (needed to sign and publish it), the built-in data consent (asked
      // at install for what is required — nothing — and at sign-in for what signing in to a sync
      // server sends, see extension/ui/sync-data-consent.ts), which needs Firefox 140 (the
      // current ESR; registerContentScripts with persistAcrossSessions needed 105).
      if (wxt.config.browser === 'firefox') {
        manifest.browser_specific_settings = {
          gecko: {
            ...manifest.browser_specific_settings?.gecko,
            id: 'folio-tracker@folio.app',
            strict_min_version: '140.0',
            data_collection_permissions: { required: ['none'], optional: [...SYNC_DATA_COLLECTION] },
          },
          // Firefox for Android has the data consent from 142.
          gecko_android: { strict_min_version: '142.0' },
        } as typeof manifest.browser_specific_settings;
      }
    },
    // The service worker never opens Dexie Cloud (it stays idle in that mode, see
    // extension/background): it gets a module that refuses, so the addon's ~240 KB are not
    // parsed at every wake. Pages still load the real addon on demand.
    'vite:build:extendConfig': (entrypoints, config) => {
      if (!entrypoints.some((e) => e.type === 'background')) return;
      config.resolve ??= {};
      const alias = config.resolve.alias;
      config.resolve.alias = [
        ...(Array.isArray(alias) ? alias : Object.entries(alias ?? {}).map(([find, replacement]) => ({ find, replacement }))),
        { find: /^dexie-cloud-addon$/, replacement: fileURLToPath(new URL('./extension/background/dexie-cloud-unavailable.ts', import.meta.url)) },
      ];
    },
  },
  // WXT bundles with its own Vite; the Preact preset's types target the root Vite. The core
  // worker is an ES module worker (it loads the Dexie Cloud addon on demand, which needs chunks).
  vite: () => ({ plugins: [preact() as never], worker: { format: 'es' as const } }),
});
