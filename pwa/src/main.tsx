import { render } from 'preact';
import { connectCore } from '../../core/src/worker/connect-core';
import { App } from './app';
import { createHoldingsStore } from './state/holdings-store';
import { createMarketStore } from './state/market-store';
import { createPrefsStore } from './state/prefs-store';
import { createSyncStore } from './state/sync-store';
import { registerServiceWorker } from './state/service-worker';
import './styles.css';

const core = connectCore();
const services = { core, holdings: createHoldingsStore(core), sync: createSyncStore(core), market: createMarketStore(core), prefs: createPrefsStore(core) };
render(<App services={services} />, document.getElementById('app')!);
registerServiceWorker();
