/**
 * Questrade connections, reconciliation and the needs-review list. The connection itself
 * (tokens, the import loop) lives on the signed-in sync server: these calls go there with the
 * session's bearer token, and the imported rows come back through normal sync. Review items
 * are a synced table, resolved or dismissed locally like any other edit.
 */
import { z } from 'zod';
import { signedInCall, type FreshSession } from './signed-in-call';
import type { ImportReviewRow, TransactionRow } from '../../db/rows';
import type { FolioDb } from '../../db/database';
import type { HoldingsSummary } from '../../engine/holdings-summary';
import { cashTrackedAccounts } from '../../engine/run-engine';
import { CoreError } from '../../errors';
import { reconcileQuestrade, type EngineAccountState, type Reconciliation } from '../../io/questrade/reconcile';
import type { QuestradeBalances, QuestradePosition } from '../../io/questrade/questrade-api-types';
import type { Scope } from '../core-api';
import type { PortfolioEngine } from '../portfolio-engine';

export type QuestradeConnectionState = 'ok' | 'syncing' | 'needs_reconnect' | 'rate_limited' | 'error';

/** A connection as the server describes it (never its tokens). */
export interface QuestradeConnection {
  id: string;
  createdAt: string;
  accounts: { number: string; type: string; status: string; accountId: string }[];
  lastSyncAt: string | null;
  lastAttemptAt: string | null;
  state: QuestradeConnectionState;
  problem: { code: string; message: string } | null;
  nextSyncAt: string | null;
  imported: { transactions: number; reviews: number };
}

/** What the Questrade screen needs before anything else. */
export interface QuestradeOverview {
  signedIn: boolean;
  /** The server offers "Connect with Questrade" (authorization-code flow); null when it could not be asked. */
  oauth: boolean | null;
  connections: QuestradeConnection[];
  /** Why the server could not be asked (not signed in, unreachable…). */
  problem?: string;
}

const connectionSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  accounts: z.array(z.object({ number: z.string(), type: z.string(), status: z.string(), accountId: z.string() })),
  lastSyncAt: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  state: z.enum(['ok', 'syncing', 'needs_reconnect', 'rate_limited', 'error']),
  problem: z.object({ code: z.string(), message: z.string() }).nullable(),
  nextSyncAt: z.string().nullable(),
  imported: z.object({ transactions: z.number(), reviews: z.number() }),
});
const positionSchema = z.looseObject({ symbol: z.string(), symbolId: z.number(), openQuantity: z.number() });
const balanceSchema = z.looseObject({ currency: z.string(), cash: z.number(), marketValue: z.number(), totalEquity: z.number() });
const holdingsSchema = z.object({
  asOf: z.string(),
  accounts: z.array(
    z.object({
      number: z.string(),
      accountId: z.string(),
      positions: z.array(positionSchema),
      balances: z.looseObject({ perCurrencyBalances: z.array(balanceSchema) }),
    }),
  ),
});
const errorEnvelope = z.object({ error: z.object({ code: z.string(), message: z.string(), issues: z.array(z.object({ field: z.string(), message: z.string() })).optional() }) });
const connectInput = z.object({
  refreshToken: z.string({ error: 'Paste the refresh token' }).trim().min(1, { message: 'Paste the refresh token' }).max(512, { message: 'That is longer than a Questrade refresh token' }),
  portfolioId: z.string({ error: 'Choose a portfolio' }).min(1, { message: 'Choose a portfolio' }),
});

const oauthFinishInput = z.object({
  code: z.string({ error: 'Questrade sent no authorization code' }).trim().min(1, { message: 'Questrade sent no authorization code' }).max(2048),
  state: z.string({ error: 'The authorization state is missing' }).trim().min(1, { message: 'The authorization state is missing' }).max(256),
});

export interface QuestradeDeps {
  db: FolioDb;
  engine: PortfolioEngine;
  fetch: typeof fetch;
  session: FreshSession;
  /** A sync round (pushes local changes, pulls what the server imported), best effort. */
  pull: () => Promise<void>;
  holdings: (scope: Scope) => Promise<HoldingsSummary>;
  now: () => Date;
}

const NOT_SIGNED_IN = 'Sign in to a Folio sync server (Settings) to connect Questrade: the server keeps the connection and imports for you';

/** The Questrade screen's calls. */
export function questradeHandlers({ db, engine, fetch: http, session, pull, holdings, now }: QuestradeDeps) {
  const call = signedInCall({ fetch: http, session, area: '/api/v1/questrade', notSignedIn: NOT_SIGNED_IN });

  /** The body of a successful answer, checked; a refusal becomes a CoreError with the server's message. */
  const answer = async <T>(res: Response, schema: z.ZodType<T>, what: string): Promise<T> => {
    const body = (await res.json().catch(() => null)) as unknown;
    if (!res.ok) {
      const parsed = errorEnvelope.safeParse(body);
      const message = parsed.success ? parsed.data.error.message : `The sync server refused (HTTP ${res.status})`;
      const code = res.status === 404 ? 'not_found' : res.status === 409 ? 'conflict' : res.status === 400 || res.status === 422 ? 'invalid_input' : 'internal';
      // The server's field messages may start in lower case ("a refresh token has…"): shown alone beside a field, they start a sentence.
      const issues = parsed.success ? (parsed.data.error.issues ?? []).map((i) => ({ field: i.field, message: i.message.charAt(0).toUpperCase() + i.message.slice(1) })) : [];
      throw new CoreError(code, message, issues);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new CoreError('internal', `The sync server answered an unexpected ${what}`);
    return parsed.data;
  };

  const connectionsOf = async () => (await answer(await call('GET', '/connections'), z.object({ connections: z.array(connectionSchema) }), 'list of connections')).connections;

  const checkPortfolio = async (portfolioId: unknown) => {
    await engine.ready();
    if (typeof portfolioId !== 'string' || !engine.portfolios.has(portfolioId)) throw new CoreError('invalid_input', 'Choose a portfolio for the imported accounts', [{ field: 'portfolioId', message: 'Choose a portfolio' }]);
    return portfolioId;
  };

  /** The engine's quantities and cash per account (cash null when the account's cash is not tracked). */
  const engineState = async (accountIds: string[]): Promise<Map<string, EngineAccountState>> => {
    await engine.ready();
    const states = new Map<string, EngineAccountState>();
    for (const accountId of accountIds) {
      if (!engine.accounts.has(accountId)) {
        states.set(accountId, { positions: [], cash: null });
        continue;
      }
      const summary = await holdings({ accountId });
      const cash = summary.cash.filter((c) => c.accountId === accountId);
      const rows = await db.transactions.filter((t) => t.accountId === accountId || t.toAccountId === accountId).toArray();
      const tracked = cashTrackedAccounts(rows).has(accountId);
      states.set(accountId, {
        positions: summary.holdings.flatMap((h) => h.positions.filter((p) => p.accountId === accountId).map((p) => ({ symbol: h.symbol, quantity: p.quantity }))),
        cash: tracked ? cash.map((c) => ({ currency: c.currency, amount: c.amount })) : null,
      });
    }
    return states;
  };

  return {
    async getQuestradeOverview(): Promise<QuestradeOverview> {
      const current = await session().catch(() => undefined);
      if (!current) return { signedIn: false, oauth: null, connections: [], problem: NOT_SIGNED_IN };
      try {
        const [config, connections] = await Promise.all([answer(await call('GET', '/config'), z.object({ oauth: z.boolean() }), 'Questrade configuration'), connectionsOf()]);
        return { signedIn: true, oauth: config.oauth, connections };
      } catch (error) {
        return { signedIn: true, oauth: null, connections: [], problem: CoreError.from(error).message };
      }
    },

    listQuestradeConnections: connectionsOf,

    /** Connects with a personal-app refresh token; the server exchanges it at once and starts the first import. */
    async connectQuestrade(input: { refreshToken: string; portfolioId: string }): Promise<QuestradeConnection> {
      const parsed = connectInput.safeParse(input);
      if (!parsed.success) throw new CoreError('invalid_input', 'The connection was not made: check the highlighted fields', parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? 'refreshToken'), message: i.message })));
      const portfolioId = await checkPortfolio(parsed.data.portfolioId);
      // The server files the accounts under the portfolio: it must have reached the server first.
      await pull().catch(() => undefined);
      const { connection } = await answer(await call('POST', '/connections', { refreshToken: parsed.data.refreshToken, portfolioId }), z.object({ connection: connectionSchema }), 'connection');
      void pull().catch(() => undefined);
      return connection;
    },

    /** The Questrade authorization page to navigate to (authorization-code flow). */
    async startQuestradeOAuth(input: { portfolioId: string }): Promise<{ authorizeUrl: string }> {
      const portfolioId = await checkPortfolio(input?.portfolioId);
      await pull().catch(() => undefined);
      const result = await answer(await call('POST', '/oauth/start', { portfolioId }), z.object({ authorizeUrl: z.string().url() }), 'authorization address');
      if (!/^https?:\/\//.test(result.authorizeUrl)) throw new CoreError('internal', 'The sync server answered an unexpected authorization address');
      return result;
    },

    /**
     * Authorization-code flow, last step: Questrade sent the browser back with a code and the
     * state; the server accepts them only from the signed-in user who started the flow, then
     * creates the connection and starts its first import.
     */
    async finishQuestradeOAuth(input: { code: string; state: string }): Promise<QuestradeConnection> {
      const parsed = oauthFinishInput.safeParse(input);
      if (!parsed.success) throw new CoreError('invalid_input', 'Questrade’s answer is incomplete: start again with “Connect with Questrade”', parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? 'code'), message: i.message })));
      const { connection } = await answer(await call('POST', '/oauth/finish', parsed.data), z.object({ connection: connectionSchema }), 'connection');
      void pull().catch(() => undefined);
      return connection;
    },

    /** Syncs now on the server, then pulls what it imported. */
    async syncQuestrade(id: string): Promise<QuestradeConnection> {
      const { connection } = await answer(await call('POST', `/connections/${encodeURIComponent(id)}/sync`), z.object({ connection: connectionSchema }), 'connection');
      await pull().catch(() => undefined);
      return connection;
    },

    /** Disconnects: the server deletes the tokens; imported transactions stay. */
    async disconnectQuestrade(id: string): Promise<void> {
      const res = await call('DELETE', `/connections/${encodeURIComponent(id)}`);
      if (res.status === 204 || res.status === 404) return;
      await answer(res, z.unknown(), 'answer');
    },

    /** Compares the engine with the connection's last synced positions and balances. */
    async reconcileQuestrade(id: string): Promise<Reconciliation> {
      const snapshot = await answer(await call('GET', `/connections/${encodeURIComponent(id)}/holdings`), holdingsSchema, 'holdings snapshot');
      const accountIds = snapshot.accounts.map((a) => a.accountId);
      const transactions: TransactionRow[] = (await db.transactions.where('accountId').anyOf(accountIds).toArray()).concat(
        await db.transactions.filter((t) => t.toAccountId !== undefined && accountIds.includes(t.toAccountId) && !accountIds.includes(t.accountId)).toArray(),
      );
      const reviews = await db.importReviews.where('accountId').anyOf(accountIds).toArray();
      return reconcileQuestrade({
        asOf: snapshot.asOf,
        accounts: snapshot.accounts.map((a) => ({ number: a.number, accountId: a.accountId, positions: a.positions as QuestradePosition[], balances: a.balances as QuestradeBalances })),
        engine: await engineState(accountIds),
        transactions,
        reviews,
      });
    },

    /** Review items, open ones first then newest first; closed ones only when asked. */
    async listImportReviews(filter: { accountId?: string; includeClosed?: boolean } = {}): Promise<ImportReviewRow[]> {
      const rows = filter.accountId ? await db.importReviews.where('accountId').equals(filter.accountId).toArray() : await db.importReviews.toArray();
      return rows
        .filter((r) => filter.includeClosed || !r.status)
        .sort((a, b) => (!a.status !== !b.status ? (a.status ? 1 : -1) : a.date === b.date ? (a.id < b.id ? -1 : 1) : a.date < b.date ? 1 : -1));
    },

    /** Marks a review item resolved (the user entered the transaction) or dismissed, or reopens it. */
    async setImportReviewStatus(id: string, status: 'resolved' | 'dismissed' | 'open'): Promise<ImportReviewRow> {
      if (!['resolved', 'dismissed', 'open'].includes(status)) throw new CoreError('invalid_input', 'Status must be resolved, dismissed or open', [{ field: 'status', message: 'Choose resolved, dismissed or open' }]);
      const stamp = now().toISOString();
      const updated = await db.transaction('rw', db.importReviews, async () => {
        const row = await db.importReviews.get(id);
        if (!row) throw new CoreError('not_found', 'That review item no longer exists (it may have been dismissed on another device)');
        const next: ImportReviewRow = { ...row, updatedAt: stamp };
        if (status === 'open') {
          delete next.status;
          delete next.resolvedAt;
        } else {
          next.status = status;
          next.resolvedAt = stamp;
        }
        await db.importReviews.put(next);
        return next;
      });
      engine.emit(true);
      return updated;
    },
  };
}

export type QuestradeHandlers = ReturnType<typeof questradeHandlers>;
