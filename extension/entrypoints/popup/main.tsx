import { render } from 'preact';
import { connectCore } from '../../../core/src/worker/connect-core';
import { createHoldingsStore } from '../../../pwa/src/state/holdings-store';
import { createPrefsStore } from '../../../pwa/src/state/prefs-store';
import { createSyncStore } from '../../../pwa/src/state/sync-store';
import { loadSnapshot } from '../../ui/popup/popup-snapshot';
import { Popup } from '../../ui/popup';
import '../../../pwa/src/styles.css';
// The saved snapshot's markup uses the ticker and chart styles before their code has loaded.
import '../../../pwa/src/ui/dashboard/dashboard.css';
import '../../../pwa/src/ui/charts/charts.css';

// The last saved numbers are read synchronously so the first render already shows them; the
// core worker (the extension's own IndexedDB database) starts alongside and replaces them.
// Marks for the browser test's timing breakdown (code start, first render done).
performance.mark('popup-start');
const snapshot = loadSnapshot();
const core = connectCore();
const services = { core, holdings: createHoldingsStore(core), sync: createSyncStore(core), prefs: createPrefsStore(core) };
render(<Popup services={services} snapshot={snapshot} />, document.getElementById('app')!);
performance.mark('popup-rendered');
