import type { Database } from 'better-sqlite3';
import { createHash } from 'node:crypto';
import type { AccountRow } from '../../../core/src/db/rows';
import { mapQuestradeActivities, questradeAccountId } from '../../../core/src/io/questrade/activity-mapping';
import type { QuestradeAccount, QuestradeActivity, QuestradeBalances, QuestradePosition } from '../../../core/src/io/questrade/questrade-api-types';
import type { RowFields, SyncedTable } from '../../../core/src/sync/protocol';
import type { SyncService } from '../sync/sync-service';
import { addDays, daysBetween, importStart, MAX_WINDOW_DAYS, nextWindow, torontoDay, windowTimes } from './activity-windows';
import type { ConnectedAccount, ConnectionRecord, QuestradeStore } from './connection-store';
import { CsvOverlap } from './csv-overlap';
import type { ImportLedger, RowOrigin } from './import-ledger';
import { ReconnectNeeded, type QuestradeAuth } from './questrade-auth';
import { QuestradeError, type ApiAuth, type QuestradeClient } from './questrade-client';

/** Registered account types: not taxable (the engine's tax reports skip them). */
const REGISTERED = /^(TFSA|RRSP|SRRSP|RESP|FHSA|LIRA|LRSP|RRIF|SRRIF|LIF|PRIF|RDSP)$/i;

const iso = (ms: number) => new Date(ms).toISOString();

/** Per table, fields only the user writes: an import that rewrites the row keeps them. */
const USER_OWNED: Partial<Record<SyncedTable, string[]>> = { importReviews: ['status', 'resolvedAt', 'updatedAt'] };

/** Runs one Questrade API call with the connection's current access token. */
type Call = <T>(fn: (auth: ApiAuth) => Promise<T>) => Promise<T>;

/** Hash of a row's imported content (timestamps left out), to skip rewriting unchanged rows. */
function contentHash(data: RowFields): string {
  const stable = Object.keys(data)
    .filter((k) => k !== 'createdAt' && k !== 'updatedAt')
    .sort()
    .map((k) => [k, data[k]]);
  return createHash('sha256').update(JSON.stringify(stable)).digest('base64url');
}

export interface QuestradeImporterDeps {
  db: Database;
  store: QuestradeStore;
  ledger: ImportLedger;
  auth: QuestradeAuth;
  sync: SyncService;
  now: () => number;
  /** First day of a first import (YYYY-MM-DD). */
  historyStart: string;
  /** A client per run, so the rate-limit headers it reads are this run's. */
  newClient: () => QuestradeClient;
  /** The connection lease is renewed for this long before each call. */
  leaseMs: number;
}

/**
 * One connection's import: Questrade's accounts become account rows in the chosen portfolio,
 * positions and balances the reconciliation snapshot, activities (through core's shared
 * mapping) transactions and needs-review items — written into the user's sync store, only
 * where the mapped content changed. The caller holds the connection's lease.
 */
export class QuestradeImporter {
  constructor(private readonly deps: QuestradeImporterDeps) {}

  /** Accounts, positions and balances, then every account's activities, window by window; `written` counts rows as they are stored. */
  async run(record: ConnectionRecord, owner: string, written: { rows: number }): Promise<void> {
    const client = this.deps.newClient();
    const call = await this.authorizedCalls(record, owner, client);
    const accounts = await this.importAccounts(record, call, client, written);
    await this.snapshotHoldings(record.id, accounts, call, client);
    const known = new Map(accounts.map((a) => [a.number, a.accountId]));
    const overlap = new CsvOverlap(this.deps.db, record.userId);
    for (const a of accounts) await this.importActivities(record, a, known, overlap, call, client, written);
  }

  /**
   * Runs API calls with the connection's access token: renews the lease before each, and
   * takes a token that is fresh for this call (refreshed ahead of time when it is about to
   * expire, as a first import can outlive several 30-minute tokens). A refused token
   * (401/1017) that had worked before, or was stored by an earlier run, is refreshed and the
   * call retried; a token refused on its very first use after being issued means the app's
   * access is gone and the user must reconnect.
   *
   * X-RateLimit-Remaining: 0 keeps the answer just received and stops before the next call
   * (until X-RateLimit-Reset), so the last allowed call is never wasted.
   */
  private async authorizedCalls(record: ConnectionRecord, owner: string, client: QuestradeClient): Promise<Call> {
    const { userId, id } = record;
    /** The reset time once Questrade said no requests are left. */
    let exhausted: { resetAt: number | undefined } | undefined;
    return async <T>(fn: (a: ApiAuth) => Promise<T>): Promise<T> => {
      if (exhausted) throw new QuestradeError('rate_limited', 'Questrade rate limit reached', 429, undefined, exhausted.resetAt);
      if (!this.deps.store.renewLease(id, owner, this.deps.leaseMs)) throw new Error('The connection lease was lost');
      const current = await this.deps.auth.access(userId, id, owner);
      let auth: ApiAuth = current;
      /** This token was issued for this call and has not been accepted yet. */
      let justIssued = current.refreshed;
      for (;;) {
        try {
          const result = await fn(auth);
          const { remaining, resetAt } = client.lastRateLimit;
          if (remaining === 0) exhausted = { resetAt };
          return result;
        } catch (error) {
          if (!(error instanceof QuestradeError) || error.kind !== 'unauthorized') throw error;
          if (justIssued) throw new ReconnectNeeded('access_refused', 'Questrade refused a freshly issued access token (the app’s access was revoked?): connect again');
          this.deps.store.dropAccessToken(id);
          auth = await this.deps.auth.refresh(userId, id, owner);
          justIssued = true;
        }
      }
    };
  }

  /** Questrade's accounts → the connection's account list and account rows in the chosen portfolio. */
  private async importAccounts(record: ConnectionRecord, call: Call, client: QuestradeClient, written: { rows: number }): Promise<ConnectedAccount[]> {
    const answer = await call((a) => client.accounts(a));
    if (!Array.isArray(answer?.accounts)) throw new QuestradeError('http', 'Questrade answered /v1/accounts without an accounts list');
    const accounts: ConnectedAccount[] = answer.accounts
      .filter((a: QuestradeAccount) => typeof a?.number === 'string' && a.number.trim() !== '')
      .map((a: QuestradeAccount) => ({ number: a.number.trim(), type: String(a.type ?? ''), status: String(a.status ?? ''), accountId: questradeAccountId(a.number) }));
    this.deps.store.setAccounts(record.id, accounts);
    const createdAt = iso(this.deps.now());
    const rows = accounts.map((a) => {
      const row: AccountRow = { id: a.accountId, portfolioId: record.portfolioId, name: `Questrade ${a.type || 'account'}`.slice(0, 100), type: (a.type || 'Questrade').slice(0, 40), taxable: !REGISTERED.test(a.type), createdAt };
      return { table: 'accounts' as const, key: row.id, data: row as unknown as RowFields };
    });
    written.rows += this.writeRows(record.userId, record.id, rows);
    return accounts;
  }

  /** Positions and balances of every account, kept as the reconciliation snapshot. */
  private async snapshotHoldings(connectionId: string, accounts: ConnectedAccount[], call: Call, client: QuestradeClient): Promise<void> {
    const holdings: { number: string; accountId: string; positions: QuestradePosition[]; balances: QuestradeBalances }[] = [];
    for (const a of accounts) {
      const positions = await call((x) => client.positions(x, a.number));
      const balances = await call((x) => client.balances(x, a.number));
      if (!Array.isArray(positions?.positions) || !Array.isArray(balances?.perCurrencyBalances)) throw new QuestradeError('http', 'Questrade answered positions or balances in an unexpected shape');
      holdings.push({ number: a.number, accountId: a.accountId, positions: positions.positions, balances });
    }
    this.deps.store.setHoldings(connectionId, holdings, iso(this.deps.now()));
  }

  /**
   * One account's activities from its cursor (or the history start) to today, in whole-day
   * windows of at most 31 days; each window's rows and the advanced cursor commit together,
   * so an interrupted import resumes where it stopped. 1003 (range too wide) halves the window.
   * Transactions the user already imported from the CSV export are left out (see CsvOverlap):
   * not written, not recorded, so the supersede step never touches the CSV rows.
   */
  private async importActivities(record: ConnectionRecord, account: ConnectedAccount, known: Map<string, string>, overlap: CsvOverlap, call: Call, client: QuestradeClient, written: { rows: number }): Promise<void> {
    const { store } = this.deps;
    const today = torontoDay(this.deps.now());
    let from = importStart(store.cursor(record.id, account.number), this.deps.historyStart, today);
    let maxDays = MAX_WINDOW_DAYS;
    while (from <= today) {
      const w = nextWindow(from, today, maxDays);
      const { startTime, endTime } = windowTimes(w.first, w.last);
      let activities: QuestradeActivity[];
      try {
        const res = await call((x) => client.activities(x, account.number, startTime, endTime));
        if (!Array.isArray(res?.activities)) throw new QuestradeError('http', 'Questrade answered activities without an activities list');
        activities = res.activities;
      } catch (error) {
        if (error instanceof QuestradeError && error.kind === 'range' && maxDays > 1) {
          maxDays = Math.max(1, Math.floor(daysBetween(w.first, w.last) / 2));
          continue;
        }
        throw error;
      }
      const mapped = mapQuestradeActivities(activities, { accountId: account.accountId, accountNumber: account.number, resolveAccountId: (n) => known.get(n.trim()) });
      /** The Questrade day of the activities a row came from (a day is always read whole, in one window). */
      const origin = (id: string): RowOrigin | undefined => {
        const first = mapped.origins.get(id)?.[0];
        const day = first === undefined ? undefined : activityDay(activities[first]);
        return day ? { accountId: account.accountId, day } : undefined;
      };
      const rows = [
        ...mapped.transactions.filter((t) => !overlap.covers(t)).map((t) => ({ table: 'transactions' as const, key: t.id, data: t as unknown as RowFields, origin: origin(t.id) })),
        ...mapped.reviews.filter((r) => !overlap.coversReview(r)).map((r) => ({ table: 'importReviews' as const, key: r.id, data: r as unknown as RowFields, origin: origin(r.id) })),
      ];
      // An empty answer deletes nothing: more likely a glitch than every activity of those days withdrawn.
      const supersede = activities.length ? { accountId: account.accountId, first: w.first, last: w.last } : undefined;
      written.rows += this.writeRows(record.userId, record.id, rows, () => store.setCursor(record.id, account.number, w.last), supersede);
      from = addDays(w.last, 1);
    }
  }

  /** Fields the user sets on an imported row (a review's resolution), kept when the import rewrites the row. */
  private userOwned(userId: string, table: SyncedTable, key: string): RowFields {
    const fields = USER_OWNED[table];
    if (!fields) return {};
    const stored = this.deps.db.prepare('SELECT data FROM sync_rows WHERE user_id = ? AND tbl = ? AND row_key = ? AND deleted = 0').get(userId, table, key) as { data: string } | undefined;
    if (!stored) return {};
    const data = JSON.parse(stored.data) as RowFields;
    return Object.fromEntries(fields.filter((f) => data[f] !== undefined).map((f) => [f, data[f]]));
  }

  /**
   * Writes the rows whose mapped content changed since the last import (new ones included),
   * with the import's bookkeeping, in one transaction. Unchanged rows are left alone, so a
   * user's edit of an imported row survives re-imports that bring nothing new.
   *
   * With `supersede` (a window of one account's activities, read whole), rows an earlier
   * import produced from that account's activities of those days and that this read did not
   * produce again are deleted (server-originated tombstones): a needs-review FX leg whose
   * other leg arrived and made a conversion, a conversion re-paired under another id, an
   * activity Questrade withdrew. Otherwise the stale row would stay and be counted twice.
   */
  private writeRows(
    userId: string,
    connectionId: string,
    rows: { table: SyncedTable; key: string; data: RowFields; origin?: RowOrigin | undefined }[],
    alsoInTransaction?: () => void,
    supersede?: { accountId: string; first: string; last: string },
  ): number {
    return this.deps.db.transaction(() => {
      const hashed = rows.map((r) => ({ ...r, hash: contentHash(r.data) }));
      const changed = hashed
        .filter((r) => this.deps.ledger.hash(userId, r.table, r.key) !== r.hash)
        .map((r) => ({ ...r, data: { ...(r.data['createdAt'] ? {} : { createdAt: iso(this.deps.now()) }), ...r.data, ...this.userOwned(userId, r.table, r.key) } }));
      let count = this.deps.sync.applyServerPuts(
        userId,
        changed.map(({ table, key, data }) => ({ table, key, data })),
      );
      if (supersede) {
        const produced = new Set(rows.map((r) => `${r.table}\u0000${r.key}`));
        const gone = this.deps.ledger
          .producedFrom(userId, supersede.accountId, supersede.first, supersede.last)
          .filter((r): r is { table: SyncedTable; key: string } => SUPERSEDABLE.has(r.table) && !produced.has(`${r.table}\u0000${r.key}`));
        count += this.deps.sync.applyServerDeletes(userId, gone);
        for (const r of gone) this.deps.ledger.forget(userId, r.table, r.key);
      }
      // Every row seen is counted for this connection (also unchanged ones after a reconnect).
      for (const r of hashed) this.deps.ledger.record(userId, connectionId, r.table, r.key, r.hash, r.origin);
      alsoInTransaction?.();
      return count;
    })();
  }
}

/** Tables whose imported rows a re-read may delete (never the account rows). */
const SUPERSEDABLE = new Set<string>(['transactions', 'importReviews']);

/** An activity's Questrade day (transaction date first, as the mapping's keys and the windows use it). */
function activityDay(activity: QuestradeActivity | undefined): string | undefined {
  for (const value of [activity?.transactionDate, activity?.tradeDate, activity?.settlementDate]) {
    const day = typeof value === 'string' ? /^\d{4}-\d{2}-\d{2}/.exec(value)?.[0] : undefined;
    if (day) return day;
  }
  return undefined;
}
