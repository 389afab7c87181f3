import { defineBackground } from 'wxt/utils/define-background';
import { startBackground } from '../background/start-background';

// The service worker: quotes on a market-hours schedule, the toolbar badge, price alerts and
// the answers to the popup's, pages' and content scripts' messages (see extension/background).
export default defineBackground(() => startBackground());
