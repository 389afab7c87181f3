import { render } from 'preact';
import { connectCore } from '../../../core/src/worker/connect-core';
import { App } from '../../../pwa/src/app';
import { createAppServices } from '../../../pwa/src/state/app-context';
import '../../../pwa/src/styles.css';
import { requestSyncDataConsent } from '../../ui/sync-data-consent';

// The whole app as an extension page, over the extension's own database (its core worker opens
// the extension origin's IndexedDB, shared with the popup). The page is one file, so the screen
// lives in the fragment (dashboard.html#/portfolio). No service worker: the extension is the
// installed, offline copy already.
// Firefox asks for the user's consent to the data a sign-in sends (see sync-data-consent.ts).
const services = createAppServices(connectCore(), import.meta.env.FIREFOX ? { beforeSignIn: requestSyncDataConsent } : {});
render(<App services={services} routing="hash" />, document.getElementById('app')!);
