import { render } from 'preact';
import { connectCore } from '../../../core/src/worker/connect-core';
import { App } from '../../../pwa/src/app';
import { createAppServices } from '../../../pwa/src/state/app-context';
import '../../../pwa/src/styles.css';

// The whole app as an extension page, over the extension's own database (its core worker opens
// the extension origin's IndexedDB, shared with the popup). The page is one file, so the screen
// lives in the fragment (dashboard.html#/portfolio). No service worker: the extension is the
// installed, offline copy already.
render(<App services={createAppServices(connectCore())} routing="hash" />, document.getElementById('app')!);
