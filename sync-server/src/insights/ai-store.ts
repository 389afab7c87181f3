import type { Database } from 'better-sqlite3';
import type { SecretBox } from '../secrets/secret-box';

/** A user's own model access; the key is only ever held opened in memory for one request. */
export interface UserAiKey {
  apiKey: string;
  model: string | null;
  baseUrl: string | null;
}

/** The sealing context binds a key to its user: a sealed value copied to another user's row fails to open. */
const keyContext = (userId: string) => `ai-key:${userId}`;

/** The UTC day a request counts against (the budget resets at 00:00 UTC). */
export const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The usage row of requests made with the server's own key on `day` ("2026-11-24:server"),
 * beside the user's row of all their requests ("2026-11-24"). Summed over users it is the
 * server-wide total (AI_DAILY_BUDGET_TOTAL). It sorts after its day, so yesterday's rows are
 * pruned with the others ("2026-11-23:server" < "2026-11-24").
 */

/** Whether a request may go to the model: ok (counted), or whose budget is spent. */
export type BudgetTaken = 'ok' | 'user_spent' | 'server_spent';

/**
 * The AI route's tables (migration v6): users' sealed keys, the response cache and the daily
 * request counters. Every statement is scoped by the user id it is given.
 */
export class AiStore {
  private readonly q;

  constructor(
    db: Database,
    private readonly secrets: SecretBox,
    private readonly now: () => number,
  ) {
    this.q = {
      getKey: db.prepare<[string], { sealed_key: string; model: string | null; base_url: string | null }>('SELECT sealed_key, model, base_url FROM ai_keys WHERE user_id = ?'),
      putKey: db.prepare(
        `INSERT INTO ai_keys (user_id, sealed_key, model, base_url, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET sealed_key = excluded.sealed_key, model = excluded.model, base_url = excluded.base_url, updated_at = excluded.updated_at`,
      ),
      deleteKey: db.prepare('DELETE FROM ai_keys WHERE user_id = ?'),
      // A user's key change makes old answers from another model or endpoint irrelevant.
      clearCache: db.prepare('DELETE FROM ai_cache WHERE user_id = ?'),
      getCache: db.prepare<[string, string, string, number], { response: string }>('SELECT response FROM ai_cache WHERE user_id = ? AND summary_hash = ? AND model = ? AND created_at >= ?'),
      putCache: db.prepare('INSERT OR REPLACE INTO ai_cache (user_id, summary_hash, model, response, created_at) VALUES (?, ?, ?, ?, ?)'),
      pruneCache: db.prepare('DELETE FROM ai_cache WHERE user_id = ? AND created_at < ?'),
      used: db.prepare<[string, string], { requests: number }>('SELECT requests FROM ai_usage WHERE user_id = ? AND day = ?'),
      count: db.prepare(
        'INSERT INTO ai_usage (user_id, day, requests, server_key_requests) VALUES (?, ?, 1, ?) ON CONFLICT (user_id, day) DO UPDATE SET requests = requests + 1, server_key_requests = server_key_requests + excluded.server_key_requests',
      ),
      pruneUsage: db.prepare('DELETE FROM ai_usage WHERE user_id = ? AND day < ?'),
      serverTotal: db.prepare<[string], { total: number | null }>('SELECT SUM(server_key_requests) AS total FROM ai_usage WHERE day = ?'),
    };
    this.takeBudget = db.transaction((userId: string, budget: number, serverTotal: number | null): BudgetTaken => {
      const day = utcDay(this.now());
      if (this.usedToday(userId) >= budget) return 'user_spent';
      if (serverTotal !== null && this.serverUsedToday() >= serverTotal) return 'server_spent';
      this.q.pruneUsage.run(userId, day);
      this.q.count.run(userId, day, serverTotal === null ? 0 : 1);
      return 'ok';
    });
  }

  userKey(userId: string): UserAiKey | null {
    const row = this.q.getKey.get(userId);
    if (!row) return null;
    return { apiKey: this.secrets.open(row.sealed_key, keyContext(userId)), model: row.model, baseUrl: row.base_url };
  }

  /** Whether the user saved a key (without opening it). */
  hasUserKey(userId: string): { model: string | null; baseUrl: string | null } | null {
    const row = this.q.getKey.get(userId);
    return row ? { model: row.model, baseUrl: row.base_url } : null;
  }

  saveUserKey(userId: string, key: UserAiKey): void {
    this.q.putKey.run(userId, this.secrets.seal(key.apiKey, keyContext(userId)), key.model, key.baseUrl, new Date(this.now()).toISOString());
    this.q.clearCache.run(userId);
  }

  /** True when there was a key to delete. */
  deleteUserKey(userId: string): boolean {
    this.q.clearCache.run(userId);
    return this.q.deleteKey.run(userId).changes > 0;
  }

  /** The stored answer to this summary from this model, when younger than `maxAgeMs`. */
  cached(userId: string, hash: string, model: string, maxAgeMs: number): string | null {
    return this.q.getCache.get(userId, hash, model, this.now() - maxAgeMs)?.response ?? null;
  }

  /** Keeps a validated answer; answers older than `maxAgeMs` are dropped on the way. */
  cache(userId: string, hash: string, model: string, response: string, maxAgeMs: number): void {
    const now = this.now();
    this.q.pruneCache.run(userId, now - maxAgeMs);
    this.q.putCache.run(userId, hash, model, response, now);
  }

  usedToday(userId: string): number {
    return this.q.used.get(userId, utcDay(this.now()))?.requests ?? 0;
  }

  /** Requests made today with the server's own key, by every user. */
  serverUsedToday(): number {
    return this.q.serverTotal.get(utcDay(this.now()))?.total ?? 0;
  }

  /**
   * Counts one model request against the user's daily `budget` and, when it uses the server's
   * key (`serverTotal` not null), against the server-wide daily total too; nothing is counted
   * when either is spent.
   */
  readonly takeBudget: (userId: string, budget: number, serverTotal: number | null) => BudgetTaken;
}
