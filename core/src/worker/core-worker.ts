import * as Comlink from 'comlink';
import { createCoreApi } from '../api/create-core-api';
import { FolioDb } from '../db/database';
import './error-transfer';

// The worker owns the database and the sync loop: every UI reaches them through the CoreApi.
const api = createCoreApi({ db: new FolioDb(), openSocket: (url) => new WebSocket(url) });
self.addEventListener('online', () => api.sync.schedule(0));
void api.sync.start();
Comlink.expose(api);
