import { send } from '../messaging/send';
import type { OverlayBackend } from './overlay-controller';

/**
 * The overlay's only channel: typed runtime messages to its own extension's background. Nothing
 * is posted to the page (no window.postMessage, no DOM events) and nothing leaves the browser.
 */
export const runtimeBackend: OverlayBackend & { siteEnabled(hostname: string): Promise<boolean> } = {
  lookup: (symbols) => send({ type: 'overlay.lookup', symbols }),
  siteEnabled: async (hostname) => (await send({ type: 'overlay.site', hostname })).enabled,
};
