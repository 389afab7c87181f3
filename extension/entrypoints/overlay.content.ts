import { defineContentScript } from 'wxt/utils/define-content-script';
import { runtimeBackend } from '../overlay/overlay-backend';
import { startOverlay } from '../overlay/overlay-controller';

/**
 * The ticker overlay. Registered at runtime, per site, by the options page (never listed in the
 * manifest), so it runs only where the user switched it on and granted the host permission;
 * it still asks the background first, in case the switch was turned off since.
 */
export default defineContentScript({
  registration: 'runtime',
  async main() {
    if (!(await runtimeBackend.siteEnabled(location.hostname).catch(() => false))) return;
    startOverlay(window, runtimeBackend);
  },
});
