import * as Comlink from 'comlink';
import type { CoreApi } from '../api/core-api';
import { createCoreApi } from '../api/create-core-api';
import { openFolioDb, readStorageMode } from '../db/storage-mode';
import './error-transfer';

// The worker owns the database and the sync loop: every UI reaches them through the CoreApi.
// Which database (this device, or the user's Dexie Cloud) is read first; calls wait for it.
const ready = (async () => {
  const mode = await readStorageMode();
  const api = createCoreApi({ db: await openFolioDb(mode), storageMode: mode, openSocket: (url) => new WebSocket(url) });
  if (mode.mode === 'local') {
    self.addEventListener('online', () => api.sync.schedule(0));
    void api.sync.start();
    api.sync.followSession();
  }
  // Live quotes drop a socket the network took away at once, and reconnect when it returns.
  self.addEventListener('offline', () => void api.setNetworkOnline(false));
  self.addEventListener('online', () => void api.setNetworkOnline(true));
  return api;
})();

const lazy = new Proxy({} as CoreApi, {
  get: (_target, method: string) =>
    async (...args: unknown[]) => {
      const api = (await ready) as unknown as Record<string, (...a: unknown[]) => unknown>;
      return api[method]!(...args);
    },
});
Comlink.expose(lazy);
