import { Hono } from 'hono';
import type { Database } from 'better-sqlite3';
import { schemaVersion } from '../db/migrations';

/** `/health`: is the process up and can it read its database. */
export function healthRoutes({ db, version }: { db: Database; version: string }) {
  return new Hono().get('/health', (c) => {
    try {
      db.prepare('SELECT 1').get();
      return c.json({ status: 'ok', version, database: { status: 'ok', schemaVersion: schemaVersion(db) } });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return c.json({ status: 'error', version, database: { status: 'error', message } }, 503);
    }
  });
}
