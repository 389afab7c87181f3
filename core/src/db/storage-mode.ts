import Dexie, { type Table } from 'dexie';
import { CoreError } from '../errors';
import { DEFAULT_DB_NAME, FolioDb } from './database';

/**
 * Where the data lives: this device (optionally synced through a self-hosted Folio server),
 * or a Dexie Cloud database of the user's own. Kept in a tiny database of its own, read
 * when the worker starts.
 */
export type StorageMode = { mode: 'local' } | { mode: 'dexie-cloud'; databaseUrl: string };

export const CLOUD_DB_NAME = 'folio-cloud';
/** Tables that never leave the device in Dexie Cloud mode. */
export const LOCAL_ONLY_TABLES = ['_prices', '_fx', '_outbox', '_syncState', '_auth'];

class ConfigDb extends Dexie {
  config!: Table<{ id: 'storage'; mode: StorageMode }, string>;
  constructor() {
    super('folio-config');
    this.version(1).stores({ config: 'id' });
  }
}

export async function readStorageMode(): Promise<StorageMode> {
  const db = new ConfigDb();
  try {
    return (await db.config.get('storage'))?.mode ?? { mode: 'local' };
  } finally {
    db.close();
  }
}

async function writeStorageMode(mode: StorageMode): Promise<void> {
  const db = new ConfigDb();
  try {
    await db.config.put({ id: 'storage', mode });
  } finally {
    db.close();
  }
}

/** Checks a Dexie Cloud database URL the way the addon needs it (https, or http on localhost). */
export function validateCloudUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new CoreError('invalid_input', 'The Dexie Cloud database URL is not a URL', [{ field: 'databaseUrl', message: 'Enter a URL such as https://xxxxxxxx.dexie.cloud' }]);
  }
  const local = parsed.hostname === 'localhost' || parsed.hostname === '127.0.0.1';
  if (parsed.protocol !== 'https:' && !(local && parsed.protocol === 'http:')) {
    throw new CoreError('invalid_input', 'The Dexie Cloud database URL must use https', [{ field: 'databaseUrl', message: 'Use https://' }]);
  }
  return parsed.origin;
}

/** Opens the database for a mode; the Dexie Cloud addon is loaded only when it is used. */
export async function openFolioDb(mode: StorageMode): Promise<FolioDb> {
  if (mode.mode === 'local') return new FolioDb(DEFAULT_DB_NAME);
  const { default: dexieCloud } = await import('dexie-cloud-addon');
  const db = new FolioDb(CLOUD_DB_NAME, { addons: [dexieCloud] });
  (db as unknown as { cloud: { configure(options: object): void } }).cloud.configure({
    databaseUrl: mode.databaseUrl,
    requireAuth: false,
    customLoginGui: true,
    tryUseServiceWorker: false,
    unsyncedTables: LOCAL_ONLY_TABLES,
  });
  return db;
}

/**
 * Switches storage: copies every table of the current database into the other one (rows
 * already there are kept or updated, never removed), then records the choice. The worker
 * opens the new database on its next start, so the app reloads.
 */
export async function switchStorageMode(current: FolioDb, target: StorageMode): Promise<void> {
  const next = target.mode === 'dexie-cloud' ? { ...target, databaseUrl: validateCloudUrl(target.databaseUrl) } : target;
  const destination = await openFolioDb(next);
  try {
    for (const table of current.tables) {
      if (table.name.startsWith('$') || ['_outbox', '_syncState', '_auth'].includes(table.name)) continue;
      const rows = await table.toArray();
      if (rows.length) await destination.table(table.name).bulkPut(rows);
    }
  } finally {
    destination.close();
  }
  await writeStorageMode(next);
}
