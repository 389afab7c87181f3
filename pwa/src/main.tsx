import { render } from 'preact';
import { connectCore } from '../../core/src/worker/connect-core';
import { App } from './app';
import { createAppServices } from './state/app-context';
import { registerServiceWorker } from './state/service-worker';
import './styles.css';

render(<App services={createAppServices(connectCore())} />, document.getElementById('app')!);
registerServiceWorker();
