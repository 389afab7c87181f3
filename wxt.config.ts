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
  // WXT bundles with its own Vite; the Preact preset's types target the root Vite. The core
  // worker is an ES module worker (it loads the Dexie Cloud addon on demand, which needs chunks).
  vite: () => ({ plugins: [preact() as never], worker: { format: 'es' as const } }),
});
