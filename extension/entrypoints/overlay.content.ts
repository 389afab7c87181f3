import { defineContentScript } from 'wxt/utils/define-content-script';
import { runtimeBackend } from '../overlay/overlay-backend';
import { startOverlay } from '../overlay/overlay-controller';

/**
 * The ticker overlay. Registered at runtime, per site, by the options page (never listed in the
 * manifest), so it runs only where the user switched it on and granted the host permission;
 * it still asks the background first, in case the switch was turned off since. Every lookup
 * is checked again: once the site is switched off, the next one is refused and the chips go.
 */
export default defineContentScript({
  registration: 'runtime',
  async main() {
    const site = await runtimeBackend.site().catch(() => null);
    if (!site?.enabled) return;
    const overlay = startOverlay(window, runtimeBackend, { cashtags: site.cashtags });
    // The scan-slice timings, on this content script's own global: content scripts run in an
    // isolated world, so the page's scripts cannot see it (the browser test reads it through the
    // DevTools protocol, in this world). Timings only, no data.
    (globalThis as { folioOverlayScanSlices?: readonly number[] }).folioOverlayScanSlices = overlay.slices;
  },
});
