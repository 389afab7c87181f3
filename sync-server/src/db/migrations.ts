import type { Database } from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  up: (db: Database) => void;
}

/**
 * The server schema, one step per version. Released steps are never edited; add a new one.
 * Each step runs in its own transaction together with its bookkeeping row.
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'instance metadata',
    up: (db) => {
      db.exec(`
        CREATE TABLE meta (
          key   TEXT PRIMARY KEY,
          value TEXT NOT NULL
        ) STRICT;
      `);
      db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('instance_id', crypto.randomUUID());
    },
  },
  {
    version: 2,
    name: 'accounts, refresh tokens and sync',
    up: (db) => {
      db.exec(`
        CREATE TABLE users (
          id            TEXT PRIMARY KEY,
          email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
          password_hash TEXT NOT NULL,
          created_at    TEXT NOT NULL,
          -- the last change sequence number given to one of the user's rows
          seq           INTEGER NOT NULL DEFAULT 0
        ) STRICT;

        -- Refresh tokens are stored hashed. Each login starts a family; each refresh uses one
        -- token (used_at) and issues the next. Presenting a used token revokes the family.
        CREATE TABLE refresh_tokens (
          id          TEXT PRIMARY KEY,
          user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
          family_id   TEXT NOT NULL,
          token_hash  TEXT NOT NULL UNIQUE,
          created_at  TEXT NOT NULL,
          expires_at  TEXT NOT NULL,
          used_at     TEXT,
          revoked_at  TEXT
        ) STRICT;
        CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);

        -- The highest mutation number applied per device, so retried pushes apply once.
        CREATE TABLE sync_clients (
          user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
          client_id  TEXT NOT NULL,
          last_mid   INTEGER NOT NULL DEFAULT 0,
          last_seen  TEXT NOT NULL,
          PRIMARY KEY (user_id, client_id)
        ) STRICT;

        -- Every synced row as merged: field values, the clock of each field, and a tombstone clock.
        CREATE TABLE sync_rows (
          user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
          tbl          TEXT NOT NULL,
          row_key      TEXT NOT NULL,
          data         TEXT NOT NULL,
          clocks       TEXT NOT NULL,
          deleted_hlc  TEXT,
          deleted      INTEGER NOT NULL DEFAULT 0,
          seq          INTEGER NOT NULL,
          PRIMARY KEY (user_id, tbl, row_key)
        ) STRICT;
        CREATE INDEX sync_rows_changes ON sync_rows (user_id, seq);
      `);
    },
  },
  {
    version: 3,
    name: 'newest clock per synced row',
    up: (db) => {
      // Kept beside the per-field clocks so a pull need not parse them to tell devices the row's clock.
      db.exec(`ALTER TABLE sync_rows ADD COLUMN newest_hlc TEXT NOT NULL DEFAULT ''`);
      const rows = db.prepare('SELECT user_id, tbl, row_key, clocks, deleted_hlc FROM sync_rows').all() as { user_id: string; tbl: string; row_key: string; clocks: string; deleted_hlc: string | null }[];
      const update = db.prepare('UPDATE sync_rows SET newest_hlc = ? WHERE user_id = ? AND tbl = ? AND row_key = ?');
      for (const row of rows) {
        const newest = [row.deleted_hlc ?? '', ...Object.values(JSON.parse(row.clocks) as Record<string, string>)].sort().at(-1) ?? '';
        update.run(newest, row.user_id, row.tbl, row.row_key);
      }
    },
  },
  {
    version: 4,
    name: 'market data cache',
    up: (db) => {
      // Shared by all users (market data is public); survives restarts so a cold server can
      // still answer with last-known prices while upstream is down.
      db.exec(`
        CREATE TABLE market_cache (
          key         TEXT PRIMARY KEY,
          provider    TEXT NOT NULL,
          value       TEXT NOT NULL,
          fetched_at  INTEGER NOT NULL,
          expires_at  INTEGER NOT NULL
        ) STRICT;
      `);
    },
  },
  {
    version: 5,
    name: 'questrade connections',
    up: (db) => {
      // Questrade connections (issue 8). Tokens are sealed with the SecretBox (context
      // "questrade:<userId>:<connectionId>"), never stored in plain text. The lease lets one
      // process at a time sync (and so refresh the single-use refresh token) per connection;
      // refresh_started_at marks a refresh whose answer was not stored yet (a crash in between).
      db.exec(`
        CREATE TABLE questrade_connections (
          id                  TEXT PRIMARY KEY,
          user_id             TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
          portfolio_id        TEXT NOT NULL,
          created_at          TEXT NOT NULL,
          refresh_token       TEXT,
          access_token        TEXT,
          access_expires_at   INTEGER,
          api_server          TEXT,
          refresh_started_at  INTEGER,
          lease_owner         TEXT,
          lease_until         INTEGER,
          state               TEXT NOT NULL DEFAULT 'ok',
          problem_code        TEXT,
          problem_message     TEXT,
          last_sync_at        TEXT,
          last_attempt_at     TEXT,
          next_sync_at        INTEGER,
          accounts            TEXT NOT NULL DEFAULT '[]',
          holdings            TEXT,
          holdings_at         TEXT
        ) STRICT;
        CREATE INDEX questrade_connections_user ON questrade_connections (user_id);

        -- Per account: the last whole day whose activities were imported (re-read with overlap).
        CREATE TABLE questrade_cursors (
          connection_id   TEXT NOT NULL REFERENCES questrade_connections(id) ON DELETE CASCADE,
          account_number  TEXT NOT NULL,
          synced_through  TEXT NOT NULL,
          PRIMARY KEY (connection_id, account_number)
        ) STRICT;

        -- Authorization-code flow: the state's hash, single use, short-lived.
        CREATE TABLE questrade_oauth_states (
          state_hash    TEXT PRIMARY KEY,
          user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
          portfolio_id  TEXT NOT NULL,
          expires_at    INTEGER NOT NULL,
          used_at       INTEGER
        ) STRICT;

        -- What each import wrote (synced row → hash of its mapped content), so re-imports
        -- write only rows whose content changed. Kept per user (survives a disconnect), so a
        -- reconnect does not overwrite the user's edits of unchanged rows.
        CREATE TABLE questrade_imported (
          user_id        TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
          tbl            TEXT NOT NULL,
          row_key        TEXT NOT NULL,
          content_hash   TEXT NOT NULL,
          connection_id  TEXT NOT NULL,
          PRIMARY KEY (user_id, tbl, row_key)
        ) STRICT;
        CREATE INDEX questrade_imported_connection ON questrade_imported (connection_id, tbl);
      `);
    },
  },
  {
    version: 6,
    name: 'AI insights: users own keys, response cache and daily usage',
    up: (db) => {
      db.exec(`
        -- A user's own model key, sealed with SecretBox (context "ai-key:<user id>"), never plaintext.
        CREATE TABLE ai_keys (
          user_id     TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
          sealed_key  TEXT NOT NULL,
          model       TEXT,
          base_url    TEXT,
          updated_at  TEXT NOT NULL
        ) STRICT;

        -- Validated model answers per user, keyed by the sha256 of the canonical summary sent.
        CREATE TABLE ai_cache (
          user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
          summary_hash  TEXT NOT NULL,
          model         TEXT NOT NULL,
          response      TEXT NOT NULL,
          created_at    INTEGER NOT NULL,
          PRIMARY KEY (user_id, summary_hash, model)
        ) STRICT;

        -- Model requests per user per UTC day (the daily budget).
        CREATE TABLE ai_usage (
          user_id   TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
          day       TEXT NOT NULL,
          requests  INTEGER NOT NULL DEFAULT 0,
          PRIMARY KEY (user_id, day)
        ) STRICT;
      `);
    },
  },
  {
    version: 7,
    name: 'questrade: account and day of each imported row',
    up: (db) => {
      // Which account's activities, of which day, each imported row came from: a later re-read
      // of that day that no longer produces the row deletes it (a superseded review item, a
      // re-paired conversion). Rows imported before this step have NULLs and are never deleted.
      db.exec(`
        ALTER TABLE questrade_imported ADD COLUMN account_id TEXT;
        ALTER TABLE questrade_imported ADD COLUMN day TEXT;
        CREATE INDEX questrade_imported_day ON questrade_imported (user_id, account_id, day);
      `);
    },
  },
  {
    version: 8,
    name: 'ai insights: requests on the server key, for the server-wide daily cap',
    up: (db) => {
      db.exec('ALTER TABLE ai_usage ADD COLUMN server_key_requests INTEGER NOT NULL DEFAULT 0');
    },
  },
];

/** Applies every migration newer than the database's; returns the versions applied. */
export function runMigrations(db: Database, steps: readonly Migration[] = migrations): number[] {
  db.exec(`
    CREATE TABLE IF NOT EXISTS schema_migrations (
      version    INTEGER PRIMARY KEY,
      name       TEXT NOT NULL,
      applied_at TEXT NOT NULL
    ) STRICT;
  `);
  const current = (db.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations').get() as { v: number }).v;
  const applied: number[] = [];
  for (const step of [...steps].sort((a, b) => a.version - b.version)) {
    if (step.version <= current) continue;
    db.transaction(() => {
      step.up(db);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(step.version, step.name, new Date().toISOString());
    })();
    applied.push(step.version);
  }
  return applied;
}

export function schemaVersion(db: Database): number {
  return (db.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations').get() as { v: number }).v;
}
