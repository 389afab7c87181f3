import { Hono } from 'hono';
import type { Database } from 'better-sqlite3';
import { migrations, schemaVersion } from '../db/migrations';

/**
 * `/health`: the process is up and reads its database; also the market data source, its state
 * and how many upstream calls it made (operators watch that number stay flat under load).
 * `/ready`: it can serve (schema current).
 */
export function healthRoutes({ db, version, market }: { db: Database; version: string; market?: () => Record<string, unknown> }) {
  const latest = Math.max(...migrations.map((m) => m.version));
  return new Hono()
    .get('/health', (c) => {
      try {
        db.prepare('SELECT 1').get();
        return c.json({ status: 'ok', version, database: { status: 'ok', schemaVersion: schemaVersion(db) }, ...(market ? { market: market() } : {}) });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return c.json({ status: 'error', version, database: { status: 'error', message } }, 503);
      }
    })
    .get('/ready', (c) => {
      try {
        const current = schemaVersion(db);
        if (current !== latest) return c.json({ ready: false, reason: `schema ${current}, expected ${latest}` }, 503);
        return c.json({ ready: true });
      } catch (error) {
        return c.json({ ready: false, reason: error instanceof Error ? error.message : String(error) }, 503);
      }
    });
}
