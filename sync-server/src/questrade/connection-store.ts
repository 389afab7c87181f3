import type { Database } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { SecretBox } from '../secrets/secret-box';
import type { QuestradeTokens } from './questrade-client';

export type ConnectionState = 'ok' | 'syncing' | 'needs_reconnect' | 'rate_limited' | 'error';

/** A Questrade account as the connection last saw it, with the engine account it maps to. */
export interface ConnectedAccount {
  number: string;
  type: string;
  status: string;
  accountId: string;
}

/** A connection row, tokens still sealed. */
export interface ConnectionRecord {
  id: string;
  userId: string;
  portfolioId: string;
  createdAt: string;
  state: Exclude<ConnectionState, 'syncing'>;
  problem: { code: string; message: string } | null;
  lastSyncAt: string | null;
  lastAttemptAt: string | null;
  nextSyncAt: number | null;
  accounts: ConnectedAccount[];
  leaseOwner: string | null;
  leaseUntil: number | null;
  hasTokens: boolean;
}

/** Tokens of a connection, opened. Never logged, never returned to clients. */
export interface OpenedTokens {
  refreshToken: string;
  accessToken: string | null;
  accessExpiresAt: number | null;
  apiServer: string | null;
  /** A refresh began and its answer was never stored (the process died or the store failed). */
  refreshInterrupted: boolean;
}

export interface OutcomeUpdate {
  state: Exclude<ConnectionState, 'syncing'>;
  problem: { code: string; message: string } | null;
  lastAttemptAt: string;
  lastSyncAt?: string;
  nextSyncAt: number | null;
}

interface Row {
  id: string;
  user_id: string;
  portfolio_id: string;
  created_at: string;
  refresh_token: string | null;
  access_token: string | null;
  access_expires_at: number | null;
  api_server: string | null;
  refresh_started_at: number | null;
  lease_owner: string | null;
  lease_until: number | null;
  state: ConnectionRecord['state'];
  problem_code: string | null;
  problem_message: string | null;
  last_sync_at: string | null;
  last_attempt_at: string | null;
  next_sync_at: number | null;
  accounts: string;
  holdings: string | null;
  holdings_at: string | null;
}


function toRecord(r: Row): ConnectionRecord {
  return {
    id: r.id,
    userId: r.user_id,
    portfolioId: r.portfolio_id,
    createdAt: r.created_at,
    state: r.state,
    problem: r.problem_code ? { code: r.problem_code, message: r.problem_message ?? '' } : null,
    lastSyncAt: r.last_sync_at,
    lastAttemptAt: r.last_attempt_at,
    nextSyncAt: r.next_sync_at,
    accounts: JSON.parse(r.accounts) as ConnectedAccount[],
    leaseOwner: r.lease_owner,
    leaseUntil: r.lease_until,
    hasTokens: r.refresh_token !== null,
  };
}

/**
 * Questrade connections in SQLite. Every read and write that a user can reach is scoped by
 * user id; tokens are sealed with the SecretBox, bound to "questrade:<user>:<connection>:<kind>"
 * so a sealed token copied to another row or user does not open.
 */
export class QuestradeStore {
  constructor(
    private readonly db: Database,
    private readonly secrets: SecretBox,
    private readonly now: () => number,
  ) {}

  private context(userId: string, id: string, kind: 'refresh' | 'access'): string {
    return `questrade:${userId}:${id}:${kind}`;
  }

  /** Stores a new connection with its first tokens (already exchanged). */
  create(userId: string, portfolioId: string, tokens: QuestradeTokens): ConnectionRecord {
    const id = randomUUID();
    const now = this.now();
    this.db
      .prepare(
        `INSERT INTO questrade_connections (id, user_id, portfolio_id, created_at, refresh_token, access_token, access_expires_at, api_server, state)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'ok')`,
      )
      .run(
        id,
        userId,
        portfolioId,
        new Date(now).toISOString(),
        this.secrets.seal(tokens.refreshToken, this.context(userId, id, 'refresh')),
        this.secrets.seal(tokens.accessToken, this.context(userId, id, 'access')),
        Math.round(now + tokens.expiresInSeconds * 1000),
        tokens.apiServer,
      );
    return this.get(userId, id)!;
  }

  get(userId: string, id: string): ConnectionRecord | undefined {
    const row = this.db.prepare('SELECT * FROM questrade_connections WHERE id = ? AND user_id = ?').get(id, userId) as Row | undefined;
    return row && toRecord(row);
  }

  list(userId: string): ConnectionRecord[] {
    return (this.db.prepare('SELECT * FROM questrade_connections WHERE user_id = ? ORDER BY created_at, id').all(userId) as Row[]).map(toRecord);
  }

  /** Deletes the connection and its tokens and cursors; what it imported stays in the user's data. */
  delete(userId: string, id: string): boolean {
    return this.db.prepare('DELETE FROM questrade_connections WHERE id = ? AND user_id = ?').run(id, userId).changes === 1;
  }

  /** Connections whose next scheduled sync is due (never those waiting for the user to reconnect). */
  due(now: number): { id: string; userId: string }[] {
    return (
      this.db
        .prepare(`SELECT id, user_id FROM questrade_connections WHERE state != 'needs_reconnect' AND refresh_token IS NOT NULL AND (next_sync_at IS NULL OR next_sync_at <= ?) ORDER BY next_sync_at`)
        .all(now) as { id: string; user_id: string }[]
    ).map((r) => ({ id: r.id, userId: r.user_id }));
  }

  tokens(userId: string, id: string): OpenedTokens | undefined {
    const row = this.db.prepare('SELECT refresh_token, access_token, access_expires_at, api_server, refresh_started_at FROM questrade_connections WHERE id = ? AND user_id = ?').get(id, userId) as
      | Pick<Row, 'refresh_token' | 'access_token' | 'access_expires_at' | 'api_server' | 'refresh_started_at'>
      | undefined;
    if (!row?.refresh_token) return undefined;
    return {
      refreshToken: this.secrets.open(row.refresh_token, this.context(userId, id, 'refresh')),
      accessToken: row.access_token ? this.secrets.open(row.access_token, this.context(userId, id, 'access')) : null,
      accessExpiresAt: row.access_expires_at,
      apiServer: row.api_server,
      refreshInterrupted: row.refresh_started_at !== null,
    };
  }

  /** Marks a refresh as begun: if its answer is never stored, the next attempt knows why the token fails. */
  markRefreshStarted(id: string): void {
    this.db.prepare('UPDATE questrade_connections SET refresh_started_at = ? WHERE id = ?').run(this.now(), id);
  }

  /** Stores a token answer (the new single-use refresh token first of all) and clears the refresh mark, in one statement. */
  saveTokens(userId: string, id: string, tokens: QuestradeTokens): void {
    this.db
      .prepare('UPDATE questrade_connections SET refresh_token = ?, access_token = ?, access_expires_at = ?, api_server = ?, refresh_started_at = NULL WHERE id = ? AND user_id = ?')
      .run(
        this.secrets.seal(tokens.refreshToken, this.context(userId, id, 'refresh')),
        this.secrets.seal(tokens.accessToken, this.context(userId, id, 'access')),
        Math.round(this.now() + tokens.expiresInSeconds * 1000),
        tokens.apiServer,
        id,
        userId,
      );
  }

  /** Forgets the access token (refused by Questrade), keeping the refresh token. */
  dropAccessToken(id: string): void {
    this.db.prepare('UPDATE questrade_connections SET access_token = NULL, access_expires_at = NULL WHERE id = ?').run(id);
  }

  /** Takes the connection's lease for `ms` unless another owner holds a live one. */
  acquireLease(id: string, owner: string, ms: number): boolean {
    const now = this.now();
    return (
      this.db
        .prepare('UPDATE questrade_connections SET lease_owner = ?, lease_until = ? WHERE id = ? AND (lease_owner IS NULL OR lease_owner = ? OR lease_until IS NULL OR lease_until <= ?)')
        .run(owner, now + ms, id, owner, now).changes === 1
    );
  }

  /** Extends a held lease; false when it was lost (expired and taken by another process). */
  renewLease(id: string, owner: string, ms: number): boolean {
    return this.db.prepare('UPDATE questrade_connections SET lease_until = ? WHERE id = ? AND lease_owner = ?').run(this.now() + ms, id, owner).changes === 1;
  }

  releaseLease(id: string, owner: string): void {
    this.db.prepare('UPDATE questrade_connections SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?').run(id, owner);
  }

  holdsLease(id: string, owner: string): boolean {
    return !!this.db.prepare('SELECT 1 FROM questrade_connections WHERE id = ? AND lease_owner = ? AND lease_until > ?').get(id, owner, this.now());
  }

  setOutcome(id: string, o: OutcomeUpdate): void {
    this.db
      .prepare('UPDATE questrade_connections SET state = ?, problem_code = ?, problem_message = ?, last_attempt_at = ?, last_sync_at = COALESCE(?, last_sync_at), next_sync_at = ? WHERE id = ?')
      .run(o.state, o.problem?.code ?? null, o.problem?.message ?? null, o.lastAttemptAt, o.lastSyncAt ?? null, o.nextSyncAt, id);
  }

  setAccounts(id: string, accounts: ConnectedAccount[]): void {
    this.db.prepare('UPDATE questrade_connections SET accounts = ? WHERE id = ?').run(JSON.stringify(accounts), id);
  }

  setHoldings(id: string, holdings: unknown, asOf: string): void {
    this.db.prepare('UPDATE questrade_connections SET holdings = ?, holdings_at = ? WHERE id = ?').run(JSON.stringify(holdings), asOf, id);
  }

  holdings(userId: string, id: string): { asOf: string | null; accounts: unknown[] } | undefined {
    const row = this.db.prepare('SELECT holdings, holdings_at FROM questrade_connections WHERE id = ? AND user_id = ?').get(id, userId) as Pick<Row, 'holdings' | 'holdings_at'> | undefined;
    return row && { asOf: row.holdings_at, accounts: row.holdings ? (JSON.parse(row.holdings) as unknown[]) : [] };
  }

  /** The last whole day (YYYY-MM-DD) whose activities were imported for an account. */
  cursor(id: string, accountNumber: string): string | undefined {
    return (this.db.prepare('SELECT synced_through FROM questrade_cursors WHERE connection_id = ? AND account_number = ?').get(id, accountNumber) as { synced_through: string } | undefined)?.synced_through;
  }

  setCursor(id: string, accountNumber: string, day: string): void {
    this.db
      .prepare('INSERT INTO questrade_cursors (connection_id, account_number, synced_through) VALUES (?, ?, ?) ON CONFLICT (connection_id, account_number) DO UPDATE SET synced_through = excluded.synced_through')
      .run(id, accountNumber, day);
  }
}
