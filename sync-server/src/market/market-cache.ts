/**
 * The two-level market data cache: a bounded in-memory map in front of the SQLite
 * `market_cache` table. Memory answers the hot path without touching the disk; SQLite keeps
 * last-known prices across restarts so a cold server can still answer while upstream is down.
 *
 * Entries are keyed by provider as well, so switching from the demo fixtures to live Yahoo never
 * serves a recorded price as a real one. A `null` value caches "the source has no such symbol".
 */
import type { Database, Statement } from 'better-sqlite3';

export interface CacheEntry<T> {
  value: T | null;
  /** When it was fetched from upstream (ms). */
  fetchedAt: number;
  /** When it stops being fresh (ms). */
  expiresAt: number;
  /** The last fetch did not confirm this value (the source omitted it): still served, marked stale. */
  unconfirmed?: boolean;
}

export class MarketCache {
  private readonly memory = new Map<string, CacheEntry<unknown>>();
  private readonly select: Statement<[string, string], { value: string; fetched_at: number; expires_at: number }>;
  private readonly upsert: Statement<[string, string, string, number, number]>;
  private readonly writeMany: (rows: [string, CacheEntry<unknown>][]) => void;
  private readonly pruneStatement: Statement<[number]>;

  constructor(
    db: Database,
    private readonly provider: string,
    private readonly maxMemoryEntries = 10_000,
  ) {
    this.select = db.prepare('SELECT value, fetched_at, expires_at FROM market_cache WHERE key = ? AND provider = ?');
    this.upsert = db.prepare(
      `INSERT INTO market_cache (key, provider, value, fetched_at, expires_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET provider = excluded.provider, value = excluded.value, fetched_at = excluded.fetched_at, expires_at = excluded.expires_at`,
    );
    this.pruneStatement = db.prepare('DELETE FROM market_cache WHERE expires_at < ?');
    this.writeMany = db.transaction((rows: [string, CacheEntry<unknown>][]) => {
      for (const [key, entry] of rows) this.upsert.run(this.diskKey(key), this.provider, JSON.stringify(entry.value), entry.fetchedAt, entry.expiresAt);
    });
  }

  get<T>(key: string): CacheEntry<T> | undefined {
    const hit = this.memory.get(key);
    if (hit) return hit as CacheEntry<T>;
    const row = this.select.get(this.diskKey(key), this.provider);
    if (!row) return undefined;
    const entry: CacheEntry<T> = { value: JSON.parse(row.value) as T | null, fetchedAt: row.fetched_at, expiresAt: row.expires_at };
    this.remember(key, entry);
    return entry;
  }

  /** Stores entries in memory and, in one SQLite transaction, on disk. */
  setMany(entries: [string, CacheEntry<unknown>][]): void {
    if (entries.length === 0) return;
    for (const [key, entry] of entries) this.remember(key, entry);
    this.writeMany(entries);
  }

  set<T>(key: string, entry: CacheEntry<T>): void {
    this.setMany([[key, entry]]);
  }

  /** Deletes rows expired for longer than `olderThanMs` (symbols and ranges nobody asks for again). */
  prune(now: number, olderThanMs = 7 * 86_400_000): number {
    return this.pruneStatement.run(now - olderThanMs).changes;
  }

  /** Forgets the in-memory copies (tests: prove SQLite alone answers, as after a restart). */
  dropMemory(): void {
    this.memory.clear();
  }

  private diskKey(key: string): string {
    return `${this.provider}:${key}`;
  }

  private remember(key: string, entry: CacheEntry<unknown>): void {
    this.memory.delete(key);
    if (this.memory.size >= this.maxMemoryEntries) {
      const oldest = this.memory.keys().next().value;
      if (oldest !== undefined) this.memory.delete(oldest);
    }
    this.memory.set(key, entry);
  }
}
