/**
 * The background's own core: the same CoreApi the pages reach through their worker, run here
 * in-process (a Chrome MV3 service worker can start no Web Worker) over the same IndexedDB
 * database as the popup and dashboard (same extension origin). Only the local database is
 * opened here: the Dexie Cloud addon is loaded on demand (a dynamic import, which service
 * workers refuse), and Dexie Cloud mode has no Folio server to get quotes from anyway, so in
 * that mode the background stays idle and says so on the badge.
 */
import { createCoreApi } from '../../core/src/api/create-core-api';
import { DEFAULT_DB_NAME, FolioDb } from '../../core/src/db/database';
import { readStorageMode } from '../../core/src/db/storage-mode';

export type BackgroundCore = ReturnType<typeof createCoreApi> & { db: FolioDb };

/** Opens the core over the extension's local database, or null (with why) in Dexie Cloud mode. */
export async function openBackgroundCore(): Promise<{ core: BackgroundCore } | { core: null; reason: string }> {
  const mode = await readStorageMode();
  if (mode.mode !== 'local') return { core: null, reason: 'Folio: your data is in Dexie Cloud; background quote refresh, badge and alerts need a Folio sync server' };
  const db = new FolioDb(DEFAULT_DB_NAME);
  const api = createCoreApi({ db, storageMode: mode, openSocket: (url) => new WebSocket(url) });
  // A page that signs in or out is followed at once (ensureSyncing also checks on every refresh).
  api.sync.followSession();
  return { core: Object.assign(api, { db }) };
}

/**
 * Runs the sync loop when a session is stored. A page may sign in after the background started:
 * the stored session is looked for again on every refresh, and the loop started then.
 */
export async function ensureSyncing(core: BackgroundCore): Promise<void> {
  if (core.sync.current.state !== 'signed_out') return;
  if (!(await core.sync.session())) return;
  core.sync.stop(); // drops a socket left from an earlier session before the loop starts again
  await core.sync.start();
}
