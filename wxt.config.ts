import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

export default defineConfig({
  srcDir: 'extension',
  publicDir: 'extension/public',
  outDir: '.output',
  manifest: {
    name: 'Folio — portfolio tracker',
    short_name: 'Folio',
    description: 'Your portfolio one click away: holdings, cost basis and live prices, stored on your device.',
    permissions: [],
  },
  // WXT bundles with its own Vite; the Preact preset's types target the root Vite.
  vite: () => ({ plugins: [preact() as never] }),
});
