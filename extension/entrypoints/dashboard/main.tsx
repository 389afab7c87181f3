import { render } from 'preact';
import { connectCore } from '../../../core/src/worker/connect-core';
import { App } from '../../../pwa/src/app';
import { createHoldingsStore } from '../../../pwa/src/state/holdings-store';
import { createMarketStore } from '../../../pwa/src/state/market-store';
import { createPrefsStore } from '../../../pwa/src/state/prefs-store';
import { createSyncStore } from '../../../pwa/src/state/sync-store';
import '../../../pwa/src/styles.css';

// The whole app as an extension page, over the extension's own database (its core worker opens
// the extension origin's IndexedDB, shared with the popup). The page is one file, so the screen
// lives in the fragment (dashboard.html#/portfolio). No service worker: the extension is the
// installed, offline copy already.
const core = connectCore();
const services = { core, holdings: createHoldingsStore(core), sync: createSyncStore(core), market: createMarketStore(core), prefs: createPrefsStore(core) };
render(<App services={services} routing="hash" />, document.getElementById('app')!);
