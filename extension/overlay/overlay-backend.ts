import { send } from '../messaging/send';
import type { OverlayBackend } from './overlay-controller';
import type { OverlaySiteResponse } from './overlay-protocol';

/**
 * The overlay's only channel: typed runtime messages to its own extension's background. Nothing
 * is posted to the page (no window.postMessage, no DOM events) and nothing leaves the browser.
 */
export const runtimeBackend: OverlayBackend & { site(): Promise<OverlaySiteResponse> } = {
  lookup: (symbols) => send({ type: 'overlay.lookup', symbols }),
  // The background knows which page asks (the browser tells it the sender's URL).
  site: () => send({ type: 'overlay.site' }),
};
