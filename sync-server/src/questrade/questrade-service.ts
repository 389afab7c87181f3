import type { Database } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { HttpError } from '../http-error';
import type { Logger } from '../logger';
import type { SecretBox } from '../secrets/secret-box';
import type { SyncService } from '../sync/sync-service';
import { QuestradeStore, type ConnectedAccount, type ConnectionRecord, type ConnectionState } from './connection-store';
import { QuestradeAuth } from './questrade-auth';
import { QuestradeClient, QuestradeError } from './questrade-client';
import { ImportLedger } from './import-ledger';
import { OAuthStates } from './oauth-states';
import { QuestradeImporter } from './questrade-import';
import { QuestradeSchedule } from './questrade-schedule';
import type { QuestradeSettings } from './questrade-settings';
import { failedSync, logSafe, nextScheduledSync } from './sync-outcome';

export { DEFAULT_QUESTRADE, type QuestradeSettings } from './questrade-settings';

/** The connection as clients see it (never tokens). */
export interface ConnectionView {
  id: string;
  createdAt: string;
  portfolioId: string;
  accounts: ConnectedAccount[];
  lastSyncAt: string | null;
  lastAttemptAt: string | null;
  state: ConnectionState;
  problem: { code: string; message: string } | null;
  nextSyncAt: string | null;
  imported: { transactions: number; reviews: number };
}

export interface QuestradeServiceDeps {
  db: Database;
  secrets: SecretBox;
  sync: SyncService;
  /** Tells the user's devices that rows changed. */
  poke: (userId: string) => void;
  logger: Logger;
  now: () => number;
  settings: QuestradeSettings;
  fetch?: typeof fetch;
}

/** How long a sync holds a connection's lease without renewing it (renewed before each call). */
const LEASE_MS = 2 * 60_000;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Questrade connections: connect (pasted refresh token or authorization code), sync (on
 * demand and on a jittered schedule), and writing the import into the user's sync store.
 * One sync per connection at a time: an in-process map plus the connection's SQLite lease.
 */
export class QuestradeService {
  readonly store: QuestradeStore;
  readonly auth: QuestradeAuth;
  private readonly client: QuestradeClient;
  /** This process's lease owner id. */
  private readonly owner = randomUUID();
  private readonly running = new Map<string, Promise<void>>();
  private readonly ledger: ImportLedger;
  private readonly oauthStates: OAuthStates;
  private readonly importer: QuestradeImporter;
  private readonly schedule: QuestradeSchedule;

  constructor(private readonly deps: QuestradeServiceDeps) {
    this.store = new QuestradeStore(deps.db, deps.secrets, deps.now);
    this.ledger = new ImportLedger(deps.db);
    this.oauthStates = new OAuthStates(deps.db, deps.now);
    this.client = this.newClient();
    this.auth = new QuestradeAuth(this.store, this.client, deps.now);
    this.importer = new QuestradeImporter({ db: deps.db, store: this.store, ledger: this.ledger, auth: this.auth, sync: deps.sync, now: deps.now, historyStart: deps.settings.historyStart, newClient: () => this.newClient(), leaseMs: LEASE_MS });
    this.schedule = new QuestradeSchedule({ due: (now) => this.store.due(now), startSync: (userId, id) => this.startSync(userId, id) }, deps.now);
  }

  private newClient(): QuestradeClient {
    return new QuestradeClient({ loginUrl: this.deps.settings.loginUrl, ...(this.deps.fetch ? { fetch: this.deps.fetch } : {}) });
  }

  get oauthEnabled(): boolean {
    return !!(this.deps.settings.clientId && this.deps.settings.redirectUri);
  }

  view(record: ConnectionRecord): ConnectionView {
    const syncing = this.running.has(record.id) || (record.leaseOwner !== null && (record.leaseUntil ?? 0) > this.deps.now());
    return {
      id: record.id,
      createdAt: record.createdAt,
      portfolioId: record.portfolioId,
      accounts: record.accounts,
      lastSyncAt: record.lastSyncAt,
      lastAttemptAt: record.lastAttemptAt,
      state: syncing ? 'syncing' : record.state,
      problem: record.problem,
      nextSyncAt: record.nextSyncAt === null ? null : iso(record.nextSyncAt),
      imported: this.ledger.counts(record.id),
    };
  }

  list(userId: string): ConnectionView[] {
    return this.store.list(userId).map((r) => this.view(r));
  }

  private mustGet(userId: string, id: string): ConnectionRecord {
    const record = this.store.get(userId, id);
    if (!record) throw new HttpError(404, 'not_found', 'No such Questrade connection');
    return record;
  }

  private checkPortfolio(userId: string, portfolioId: string): void {
    const exists = this.deps.db.prepare("SELECT 1 FROM sync_rows WHERE user_id = ? AND tbl = 'portfolios' AND row_key = ? AND deleted = 0").get(userId, portfolioId);
    if (!exists) {
      throw new HttpError(422, 'invalid_input', `Portfolio ${JSON.stringify(portfolioId)} is not on the server: let this device sync first, then connect`, [
        { field: 'portfolioId', message: 'no such portfolio on the server (sync first)' },
      ]);
    }
  }

  /** Personal-app flow: exchanges the pasted refresh token at once, stores the connection, starts the first import. */
  async connectWithRefreshToken(userId: string, portfolioId: string, refreshToken: string): Promise<ConnectionView> {
    this.checkPortfolio(userId, portfolioId);
    let tokens;
    try {
      tokens = await this.client.refresh(refreshToken);
    } catch (error) {
      throw this.connectError(error);
    }
    const record = this.store.create(userId, portfolioId, tokens);
    this.deps.logger.info('questrade connected', { userId, connection: record.id, flow: 'personal' });
    this.startSync(userId, record.id);
    return this.view(this.store.get(userId, record.id)!);
  }

  private connectError(error: unknown): HttpError {
    if (error instanceof QuestradeError) {
      if (error.kind === 'grant_rejected') return new HttpError(422, 'questrade_token_rejected', 'Questrade refused this token: generate a new one in Questrade’s API hub (each token works once) and paste it again', [{ field: 'refreshToken', message: 'refused by Questrade' }]);
      if (error.kind === 'network') return new HttpError(502, 'questrade_unreachable', 'Questrade could not be reached: try again in a moment');
      return new HttpError(502, 'questrade_error', `Questrade could not complete the connection: ${error.message}`);
    }
    return new HttpError(500, 'internal', 'Connecting to Questrade failed');
  }

  /** Authorization-code flow, step 1: where to send the user's browser. */
  startOAuth(userId: string, portfolioId: string): string {
    const { clientId, redirectUri } = this.deps.settings;
    if (!clientId || !redirectUri) throw new HttpError(404, 'oauth_not_configured', 'This server has no registered Questrade app: paste a personal refresh token instead');
    this.checkPortfolio(userId, portfolioId);
    return this.client.authorizeUrl(clientId, redirectUri, this.oauthStates.create(userId, portfolioId));
  }

  /**
   * Step 2, a signed-in call: Questrade sent the browser back to the PWA with a code and the
   * state, and the PWA posts them with its bearer token. The state must be this caller's
   * (see OAuthStates.consume); then the code is exchanged and the connection created.
   */
  async finishOAuth(userId: string, input: { code: string; state: string }): Promise<ConnectionView> {
    const { clientId, redirectUri } = this.deps.settings;
    if (!clientId || !redirectUri) throw new HttpError(404, 'oauth_not_configured', 'This server has no registered Questrade app: paste a personal refresh token instead');
    const owner = this.oauthStates.consume(input.state, userId);
    if ('refused' in owner) {
      const message = { invalid_state: 'This Questrade authorization was not started by you on this server', used_state: 'This Questrade authorization was already used', expired_state: 'This Questrade authorization expired (10 minutes)' }[owner.refused];
      throw new HttpError(400, owner.refused, `${message}. Start again with “Connect with Questrade”.`, [{ field: 'state', message }]);
    }
    let tokens;
    try {
      tokens = await this.client.exchangeCode(input.code, clientId, redirectUri);
    } catch (error) {
      this.deps.logger.warn('questrade code exchange failed', { userId, reason: error instanceof QuestradeError ? error.kind : 'internal' });
      if (error instanceof QuestradeError && error.kind === 'grant_rejected') throw new HttpError(422, 'token_exchange_failed', 'Questrade refused this authorization code (codes work once and expire quickly). Start again with “Connect with Questrade”.', [{ field: 'code', message: 'refused by Questrade' }]);
      throw this.connectError(error);
    }
    const record = this.store.create(userId, owner.portfolioId, tokens);
    this.deps.logger.info('questrade connected', { userId, connection: record.id, flow: 'oauth' });
    this.startSync(userId, record.id);
    return this.view(this.store.get(userId, record.id)!);
  }

  /** On demand: runs a sync and returns the connection after it; 409 when one is already running. */
  async syncNow(userId: string, id: string): Promise<ConnectionView> {
    this.mustGet(userId, id);
    const run = this.startSync(userId, id);
    if (!run) throw new HttpError(409, 'sync_in_progress', 'A sync of this connection is already running');
    await run;
    return this.view(this.mustGet(userId, id));
  }

  /** Deletes the connection and its tokens (imported rows stay in the user's data). */
  disconnect(userId: string, id: string): void {
    if (!this.store.delete(userId, id)) throw new HttpError(404, 'not_found', 'No such Questrade connection');
    this.deps.logger.info('questrade disconnected', { userId, connection: id });
  }

  holdings(userId: string, id: string) {
    this.mustGet(userId, id);
    const h = this.store.holdings(userId, id)!;
    return { asOf: h.asOf, accounts: h.accounts };
  }

  /**
   * Starts a sync unless one is running (here, or in another process holding the lease);
   * the lease is taken before this returns, so the connection reads as syncing at once.
   */
  startSync(userId: string, id: string): Promise<void> | undefined {
    if (this.running.has(id)) return undefined;
    if (!this.store.acquireLease(id, this.owner, LEASE_MS)) return undefined;
    const run = this.syncConnection(userId, id)
      .catch((error: unknown) => this.deps.logger.error('questrade sync crashed', { connection: id, detail: logSafe(error) }))
      .finally(() => {
        this.running.delete(id);
        try {
          this.store.releaseLease(id, this.owner);
        } catch {
          // The database is closing (shutdown): the lease expires on its own.
        }
      });
    this.running.set(id, run);
    return run;
  }

  /** Waits for every running sync (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running.values()]);
  }

  /** Starts the schedule (QUESTRADE_SYNC_MINUTES > 0). */
  startSchedule(): void {
    if (this.deps.settings.syncMinutes > 0) this.schedule.start();
  }

  stopSchedule(): void {
    this.schedule.stop();
  }

  /** Syncs the connections that are due now, one at a time. */
  tick(): Promise<void> {
    return this.schedule.tick();
  }

  private async syncConnection(userId: string, id: string): Promise<void> {
    const { now, logger } = this.deps;
    const started = now();
    const lastAttemptAt = iso(started);
    const written = { rows: 0 };
    try {
      const record = this.store.get(userId, id);
      if (!record) return;
      await this.importer.run(record, this.owner, written);
      this.store.setOutcome(id, { state: 'ok', problem: null, lastAttemptAt, lastSyncAt: iso(now()), nextSyncAt: nextScheduledSync(now(), this.deps.settings.syncMinutes) });
      logger.info('questrade sync done', { userId, connection: id, rowsWritten: written.rows, ms: now() - started });
    } catch (error) {
      const outcome = failedSync(error, now());
      this.store.setOutcome(id, { ...outcome, lastAttemptAt });
      const log = outcome.state === 'error' && outcome.problem.code === 'internal' ? logger.error : logger.warn;
      log('questrade sync failed', { userId, connection: id, state: outcome.state, problem: outcome.problem.code, detail: logSafe(error), rowsWritten: written.rows });
    } finally {
      if (written.rows > 0) this.deps.poke(userId);
    }
  }
}
