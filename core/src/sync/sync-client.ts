import { liveQuery } from 'dexie';
import type { FolioDb } from '../db/database';
import type { AuthRow } from '../db/rows';
import { CoreError } from '../errors';
import { HybridClock } from './hlc';
import { markApplyingSync, OUTBOX, SYNC_STATE, type OutboxRow, type SyncStateRow } from './outbox';
import { SYNCED_TABLES, type RowFields, type SyncResponse } from './protocol';
import { retryDelay } from '../time/retry-delay';

/** What the UI shows about sync. */
export type SyncStatus =
  | { state: 'signed_out' }
  | { state: 'synced'; lastSyncAt: string }
  | { state: 'pending'; pending: number }
  | { state: 'syncing'; pending: number }
  | { state: 'offline'; pending: number; lastSyncAt?: string }
  | { state: 'error'; pending: number; code: string; reason: string };

export interface SyncClientDeps {
  db: FolioDb;
  fetch: typeof fetch;
  now?: () => number;
  /** Called after pulled changes were written: the engine reloads. */
  onPulled: () => Promise<void>;
  onStatus?: (status: SyncStatus) => void;
  /** Opens the realtime socket; omitted where there is none (tests use polling). */
  openSocket?: (url: string) => WebSocket;
  /** Delay before a push after a local change (ms). */
  debounceMs?: number;
  /** Periodic sync while signed in (ms). */
  intervalMs?: number;
}

/**
 * Web Locks' semantics (one holder per name, the others queue in order) for runtimes without
 * `navigator.locks` (Node): enough for several sync clients in one process.
 */
const inProcessLocks = (() => {
  const tails = new Map<string, Promise<unknown>>();
  return {
    request<T>(name: string, fn: () => Promise<T>): Promise<T> {
      const run = (tails.get(name) ?? Promise.resolve()).then(() => fn());
      const tail = run.catch(() => undefined);
      tails.set(name, tail);
      void tail.then(() => {
        if (tails.get(name) === tail) tails.delete(name);
      });
      return run;
    },
  };
})();

const BATCH = 1_000;
const PAGE = 1_000;

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: { field: string; message: string }[] = [],
  ) {
    super(message);
  }
}

const newClientId = () => `c${crypto.randomUUID().replaceAll('-', '').slice(0, 20)}`;

/**
 * The device side of sync, run in the core worker: signs in, pushes the outbox and pulls
 * changes (`syncNow`), on a local change (debounced), on a poke from the server, when the
 * network returns and periodically, backing off after failures. Pulled rows are written
 * with change recording off, and this device's still-pending changes are re-applied on top,
 * so an edit not yet acknowledged never disappears from the screen.
 */
export class SyncClient {
  private status: SyncStatus = { state: 'signed_out' };
  private running: Promise<void> | null = null;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private interval: ReturnType<typeof setInterval> | null = null;
  private failures = 0;
  private socket: WebSocket | null = null;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  /** Realtime channel closes since it was last ready: its reconnect delay doubles with them. */
  private socketFailures = 0;
  private stopped = true;
  private readonly now: () => number;

  constructor(private readonly deps: SyncClientDeps) {
    this.now = deps.now ?? Date.now;
    deps.db.onLocalChange = () => this.schedule(deps.debounceMs ?? 500);
  }

  get current(): SyncStatus {
    return this.status;
  }

  private setStatus(status: SyncStatus): void {
    this.status = status;
    this.deps.onStatus?.(status);
  }

  private async state(): Promise<SyncStateRow> {
    const db = this.deps.db;
    return db.transaction('rw', db._syncState, async () => {
      const existing = await db._syncState.get('state');
      if (existing) return existing;
      const created: SyncStateRow = { id: 'state', clientId: newClientId(), nextMid: 1, cursor: 0, tracking: false };
      await db._syncState.put(created);
      return created;
    });
  }

  async session(): Promise<AuthRow | undefined> {
    return this.deps.db._auth.get('session');
  }

  /** Resumes syncing after a restart when a session is stored. */
  async start(): Promise<void> {
    if (await this.session()) {
      this.stopped = false;
      this.startTimers();
      await this.refreshStatus();
      this.schedule(0);
    }
  }

  /**
   * Follows sign-ins and sign-outs made in another context over the same database (another
   * tab, or the extension's popup, dashboard page and background): the loop starts when a
   * session appears and stops when it is gone, so changes made here are pushed at once and the
   * status shown here is true. Returns the unsubscribe.
   */
  followSession(): () => void {
    const subscription = liveQuery(() => this.session()).subscribe({
      next: (session) => {
        if (session && this.stopped) void this.start();
        else if (!session && !this.stopped) {
          this.stop();
          this.setStatus({ state: 'signed_out' });
        }
      },
      error: () => undefined,
    });
    return () => subscription.unsubscribe();
  }

  /**
   * Signs in (or registers) and merges this device's data with the account's: everything
   * already on the device is queued for upload (nothing is discarded), then everything on the
   * server is downloaded.
   */
  async signIn({ serverUrl, email, password, register = false }: { serverUrl: string; email: string; password: string; register?: boolean }): Promise<void> {
    const base = serverUrl.replace(/\/+$/, '');
    let body: unknown;
    try {
      body = await this.call(`${base}/api/v1/auth/${register ? 'register' : 'login'}`, { email, password });
    } catch (error) {
      if (error instanceof HttpFailure) {
        // The server names the wrong field (email, password); a form shows each message beside it.
        const issues = error.issues.length ? error.issues : [{ field: error.code === 'email_taken' || error.code === 'invalid_credentials' ? 'email' : 'form', message: error.message }];
        throw new CoreError(error.status === 401 || error.status === 409 || error.status === 422 ? 'invalid_input' : 'internal', issues.map((i) => i.message).join('; '), issues);
      }
      throw new CoreError('internal', `Cannot reach the sync server at ${base}: ${(error as Error).message}`, [{ field: 'serverUrl', message: 'Server unreachable' }]);
    }
    const tokens = body as { userId: string; accessToken: string; refreshToken: string; expiresIn: number };
    const db = this.deps.db;
    const state = await this.state();
    await db.transaction('rw', [db._auth, db._syncState, db._outbox, ...SYNCED_TABLES.map((t) => db.table(t))], async () => {
      await db._auth.put({ id: 'session', serverUrl: base, userId: tokens.userId, email, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, accessExpiresAt: this.now() + tokens.expiresIn * 1000 });
      // Queue every local row as a put: merged per field on the server, so nothing is lost either way.
      const clock = new HybridClock(state.clientId, this.now, state.lastHlc);
      let mid = state.nextMid;
      const seed: OutboxRow[] = [];
      for (const table of SYNCED_TABLES) {
        for (const row of (await db.table(table).toArray()) as RowFields[]) seed.push({ mid: mid++, table, key: String(row['id']), op: 'put', data: row, hlc: clock.tick() });
      }
      await db._outbox.bulkAdd(seed);
      await db._syncState.put({ ...state, nextMid: mid, cursor: 0, tracking: true, lastHlc: clock.last });
    });
    this.stopped = false;
    this.failures = 0;
    this.startTimers();
    await this.syncNow();
  }

  /** Signs out: revokes the session, stops recording, and forgets pending uploads. The data stays. */
  async signOut(): Promise<void> {
    const session = await this.session();
    this.stop();
    if (session) {
      await this.deps.fetch(`${session.serverUrl}/api/v1/auth/logout`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: session.refreshToken }) }).catch(() => undefined);
    }
    const db = this.deps.db;
    const state = await this.state();
    await db.transaction('rw', db._auth, db._outbox, db._syncState, async () => {
      await db._auth.delete('session');
      await db._outbox.clear();
      await db._syncState.put({ ...state, tracking: false, cursor: 0 });
    });
    this.setStatus({ state: 'signed_out' });
  }

  /** Deletes the local copy and downloads everything again. Refuses while changes are pending unless forced. */
  async resetDevice({ force = false } = {}): Promise<void> {
    const db = this.deps.db;
    if (!(await this.session())) throw new CoreError('invalid_input', 'Sign in to a sync server before resetting this device');
    const pending = await db._outbox.count();
    if (pending && !force) throw new CoreError('conflict', `${pending} change(s) on this device are not uploaded yet: sync first, or reset anyway to discard them`);
    const state = await this.state();
    await db.transaction('rw', [db._outbox, db._syncState, ...SYNCED_TABLES.map((t) => db.table(t))], async (tx) => {
      markApplyingSync(tx.idbtrans);
      for (const table of SYNCED_TABLES) await db.table(table).clear();
      await db._outbox.clear();
      await db._syncState.put({ ...state, cursor: 0 });
    });
    await this.deps.onPulled();
    await this.syncNow();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.interval) clearInterval(this.interval);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.timer = null;
    this.interval = null;
    this.reconnectTimer = null;
    this.socketFailures = 0;
    this.socket?.close();
    this.socket = null;
  }

  /** Sync soon (debounced). */
  schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.syncNow().catch(() => undefined);
    }, delayMs);
  }

  private startTimers(): void {
    if (this.interval) clearInterval(this.interval);
    this.interval = setInterval(() => this.schedule(0), this.deps.intervalMs ?? 30_000);
    void this.connectSocket().catch(() => undefined);
  }

  /**
   * Runs `fn` holding a Web Lock named for this database: the extension's background and every
   * page's worker share one database (one client id, one outbox), so only one of them at a time
   * may push the outbox or rotate the refresh token. Where there are no Web Locks (Node), the
   * same queueing holds among the clients of this process.
   */
  private exclusive<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const locks = (typeof navigator === 'undefined' ? undefined : navigator.locks) ?? inProcessLocks;
    return locks.request(`folio-sync:${this.deps.db.name}:${name}`, fn);
  }

  /** Pushes and pulls until both sides are up to date. Concurrent calls share one run. */
  syncNow(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.exclusive('round', async () => {
      try {
        do {
          this.again = false;
          await this.round();
        } while (this.again && !this.stopped);
        this.failures = 0;
      } catch (error) {
        this.failures += 1;
        await this.reportFailure(error);
        if (!this.stopped && !(error instanceof HttpFailure && error.status === 401)) {
          this.schedule(retryDelay(this.failures, 1000));
        }
        throw error;
      } finally {
        this.running = null;
      }
    });
    return this.running;
  }

  private async round(): Promise<void> {
    const db = this.deps.db;
    for (;;) {
      const session = await this.session();
      if (!session) return this.setStatus({ state: 'signed_out' });
      const state = await this.state();
      const mutations = await db._outbox.orderBy('mid').limit(BATCH).toArray();
      this.setStatus({ state: 'syncing', pending: await db._outbox.count() });
      let response: SyncResponse;
      try {
        response = (await this.authorized('/api/v1/sync', { clientId: state.clientId, cursor: state.cursor, mutations, limit: PAGE })) as SyncResponse;
      } catch (error) {
        if (error instanceof HttpFailure && error.code === 'cursor_expired') {
          await db._syncState.update('state', { cursor: 0 });
          continue;
        }
        throw error;
      }
      await this.apply(response, state);
      const pending = await db._outbox.count();
      if (!response.more && (pending === 0 || mutations.length === 0)) break;
    }
    await this.refreshStatus();
  }

  /** Writes pulled rows with recording off, then re-applies this device's pending changes on top. */
  private async apply(response: SyncResponse, state: SyncStateRow): Promise<void> {
    const db = this.deps.db;
    const tables = SYNCED_TABLES.map((t) => db.table(t));
    await db.transaction('rw', [db._outbox, db._syncState, ...tables], async (tx) => {
      markApplyingSync(tx.idbtrans);
      await db._outbox.where('mid').belowOrEqual(response.lastMid).delete();
      const current = (await db._syncState.get('state')) ?? state;
      const clock = new HybridClock(current.clientId, this.now, current.lastHlc);
      for (const change of response.changes) {
        if (change.hlc) clock.receive(change.hlc);
        const table = db.table(change.table);
        if (change.data === null) await table.delete(change.key);
        else await table.put({ ...change.data, id: change.key });
        const pending = await db._outbox.where('[table+key]').equals([change.table, change.key]).sortBy('mid');
        for (const mutation of pending) {
          if (mutation.op === 'delete') await table.delete(change.key);
          else {
            const base = ((await table.get(change.key)) as RowFields | undefined) ?? {};
            const merged: RowFields = { ...base };
            for (const [field, value] of Object.entries(mutation.data ?? {})) {
              if (value === null) delete merged[field];
              else merged[field] = value;
            }
            await table.put({ ...merged, id: change.key });
          }
        }
      }
      await db._syncState.put({ ...current, cursor: response.cursor, lastHlc: clock.last, lastSyncAt: new Date(this.now()).toISOString() });
    });
    if (response.changes.length) await this.deps.onPulled();
  }

  private async refreshStatus(): Promise<void> {
    if (!(await this.session())) return this.setStatus({ state: 'signed_out' });
    const pending = await this.deps.db._outbox.count();
    const state = await this.state();
    this.setStatus(pending ? { state: 'pending', pending } : { state: 'synced', lastSyncAt: state.lastSyncAt ?? new Date(this.now()).toISOString() });
  }

  private async reportFailure(error: unknown): Promise<void> {
    const pending = await this.deps.db._outbox.count();
    const state = await this.state();
    if (error instanceof HttpFailure) {
      this.setStatus({ state: 'error', pending, code: error.code, reason: error.status === 401 ? 'Signed out by the server: sign in again' : error.message });
    } else {
      this.setStatus({ state: 'offline', pending, ...(state.lastSyncAt ? { lastSyncAt: state.lastSyncAt } : {}) });
    }
  }

  private async call(url: string, body: unknown, token?: string): Promise<unknown> {
    const res = await this.deps.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    const parsed = text ? (JSON.parse(text) as { error?: { code: string; message: string; issues?: { field: string; message: string }[] } }) : {};
    if (!res.ok) throw new HttpFailure(res.status, parsed.error?.code ?? `http_${res.status}`, parsed.error?.message ?? `HTTP ${res.status}`, parsed.error?.issues);
    return parsed;
  }

  /** Calls the API with a fresh access token, refreshing it (once) when needed. */
  private async authorized(path: string, body: unknown): Promise<unknown> {
    let session = (await this.session())!;
    if (session.accessExpiresAt - this.now() < 30_000) session = await this.refresh(session);
    try {
      return await this.call(`${session.serverUrl}${path}`, body, session.accessToken);
    } catch (error) {
      if (!(error instanceof HttpFailure) || error.status !== 401) throw error;
      session = await this.refresh(session);
      return this.call(`${session.serverUrl}${path}`, body, session.accessToken);
    }
  }

  /**
   * The stored session with an access token good for at least 30 s (refreshed when needed, or
   * always with `force` after a server refused the token), for other clients of the same
   * server (market data); undefined when signed out.
   */
  async freshSession({ force = false } = {}): Promise<AuthRow | undefined> {
    const session = await this.session();
    if (!session) return undefined;
    if (!force && session.accessExpiresAt - this.now() >= 30_000) return session;
    return this.refresh(session);
  }

  /**
   * Refresh tokens rotate and a reused one revokes its whole family, so concurrent callers
   * (the sync loop, the realtime socket, market data) share one refresh instead of racing.
   */
  private refreshing: Promise<AuthRow> | null = null;

  private refresh(session: AuthRow): Promise<AuthRow> {
    this.refreshing ??= this.refreshOnce(session).finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private refreshOnce(session: AuthRow): Promise<AuthRow> {
    return this.exclusive('refresh', async () => {
      // Another context may have rotated the token while this one waited: use what it stored.
      const stored = await this.session();
      if (stored && stored.refreshToken !== session.refreshToken) return stored;
      return this.rotate(session);
    });
  }

  private async rotate(session: AuthRow): Promise<AuthRow> {
    const res = await this.deps.fetch(`${session.serverUrl}/api/v1/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: session.refreshToken }),
    });
    if (!res.ok) throw new HttpFailure(401, 'unauthorized', 'The session expired: sign in again');
    const tokens = (await res.json()) as { accessToken: string; refreshToken: string; expiresIn: number };
    const next: AuthRow = { ...session, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, accessExpiresAt: this.now() + tokens.expiresIn * 1000 };
    await this.deps.db._auth.put(next);
    return next;
  }

  /**
   * Opens the realtime channel. A reopened channel (after the server restarted, or the network
   * dropped it) may have missed pokes while it was down, so it syncs once the server says it is
   * ready (subscribed: any later change pokes it). A channel that keeps closing waits longer
   * each time, jittered, so devices do not come back together.
   */
  private async connectSocket(reconnect = false): Promise<void> {
    const open = this.deps.openSocket;
    if (!open || this.stopped) return;
    let session = await this.session();
    if (!session || this.stopped) return;
    if (session.accessExpiresAt - this.now() < 30_000) session = await this.refresh(session).catch(() => session!);
    const state = await this.state();
    if (this.stopped) return; // stopped while the session or state was read
    const socket = open(`${session.serverUrl.replace(/^http/, 'ws')}/api/v1/realtime?clientId=${state.clientId}`);
    this.socket = socket;
    const token = session.accessToken;
    socket.onopen = () => socket.send(JSON.stringify({ token }));
    socket.onmessage = (event) => {
      const text = String(event.data);
      if (text.includes('"poke"')) this.schedule(0);
      else if (text.includes('"ready"')) {
        this.socketFailures = 0;
        if (reconnect) this.schedule(0);
      }
    };
    // A failed connection is followed by a close, which retries. (Node's `ws` throws an error
    // event nobody listens to; browsers only log it.)
    socket.onerror = () => undefined;
    socket.onclose = () => {
      if (this.socket !== socket || this.stopped) return;
      this.socketFailures += 1;
      this.reconnectTimer = setTimeout(() => {
        this.reconnectTimer = null;
        // A failure to reopen (the database closed meanwhile, say) waits for the next sync's turn.
        void this.connectSocket(true).catch(() => undefined);
      }, retryDelay(this.socketFailures - 1, 2000));
    };
  }
}

export { OUTBOX, SYNC_STATE };
