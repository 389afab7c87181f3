import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeQuestrade } from '../../../../sync-server/src/questrade/fake-questrade';
import { startTestServer } from '../../../../sync-server/src/test-server';
import { FolioDb } from '../../db/database';
import { CoreError } from '../../errors';
import { toDecimalString } from '../../money/decimal';
import { createCoreApi } from '../create-core-api';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(options: { oauth?: boolean } = {}) {
  const fake = await startFakeQuestrade();
  cleanups.push(fake.stop);
  const oauth = options.oauth ? { clientId: 'folio-test-app', redirectUri: 'http://127.0.0.1:1/api/v1/questrade/oauth/callback' } : {};
  const server = await startTestServer({ questrade: { loginUrl: fake.url, historyStart: '2019-09-01', syncMinutes: 0, ...oauth } });
  cleanups.push(server.stop);
  const newApi = () => {
    const db = new FolioDb(`qt-${crypto.randomUUID()}`);
    const api = createCoreApi({ db, now: () => new Date('2026-03-10T12:00:00'), syncDebounceMs: 5, syncIntervalMs: 60_000 });
    cleanups.push(async () => {
      api.sync.stop();
      await db.delete();
    });
    return { db, api };
  };
  return { fake, server, newApi, ...newApi() };
}

const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as CoreError);

describe('Questrade through the core API and the real sync server', () => {
  it('says Questrade needs a signed-in server, and calls nothing', async () => {
    const { api, fake } = await setup();
    expect(await api.getQuestradeOverview()).toEqual({ signedIn: false, oauth: null, connections: [], problem: expect.stringMatching(/^Sign in to a Folio sync server \(Settings\)/) });
    const error = await failure(api.connectQuestrade({ refreshToken: 'abc', portfolioId: 'p' }));
    expect(error).toBeInstanceOf(CoreError);
    expect(fake.requests).toEqual([]);
  });

  it('connects with a pasted token, imports into the portfolio, reconciles, lists and dismisses reviews, disconnects', async () => {
    const { api, fake, server } = await setup();
    await api.signIn({ serverUrl: server.url, email: 'qt@example.com', password: 'correct horse battery', register: true });
    const portfolio = await api.createPortfolio({ name: 'Questrade' });
    expect(await api.getQuestradeOverview()).toEqual({ signedIn: true, oauth: false, connections: [] });

    // Bad input is refused field by field before anything is sent.
    const bad = await failure(api.connectQuestrade({ refreshToken: '  ', portfolioId: '' }));
    expect(bad?.issues.map((i) => i.field).sort()).toEqual(['portfolioId', 'refreshToken']);
    expect(fake.requests).toEqual([]);

    const connection = await api.connectQuestrade({ refreshToken: fake.issueRefreshToken(), portfolioId: portfolio.id });
    expect(JSON.stringify(connection)).not.toMatch(/token/i);

    // The first import runs in the background; Sync now (after it) runs again and pulls the rows.
    await server.app.questrade.idle();
    expect((await api.listQuestradeConnections())[0]).toMatchObject({ id: connection.id, state: 'ok' });
    const synced = await api.syncQuestrade(connection.id);
    await api.syncNow();
    expect(synced).toMatchObject({ state: 'ok', problem: null, lastSyncAt: expect.any(String) });
    expect(synced.accounts.map((a) => [a.number, a.accountId]).sort()).toEqual([['00000000', 'qt-00000000'], ['11111111', 'qt-11111111']]);

    const accounts = await api.listAccounts(portfolio.id);
    expect(accounts.map((a) => a.id).sort()).toEqual(['qt-00000000', 'qt-11111111']);
    const holdings = await api.getHoldings({ accountId: 'qt-00000000' });
    const xeqt = holdings.holdings.find((h) => h.symbol === 'XEQT.TO');
    expect(xeqt && toDecimalString(xeqt.quantity)).toBe('100');
    const imported = await api.listTransactions({ accountId: 'qt-00000000' });
    expect(imported.length).toBeGreaterThan(20);
    expect(imported.every((t) => t.source === 'questrade')).toBe(true);

    // The recorded positions are the 2019 options: the engine disagrees, and says why.
    const report = await api.reconcileQuestrade(connection.id);
    const main = report.accounts.find((a) => a.number === '00000000')!;
    expect(main.matches).toBe(false);
    const bac = main.positions.find((p) => p.symbol === 'BAC18OCT19C29.00');
    expect(bac).toBeUndefined(); // bought 1 contract, holds 1: agrees
    const xeqtDiff = main.positions.find((p) => p.symbol === 'XEQT.TO')!;
    expect(xeqtDiff).toMatchObject({ questrade: '0', engine: '100', difference: '-100' });
    expect(xeqtDiff.transactions.map((t) => t.kind)).toEqual(['buy']);
    expect(xeqtDiff.reviews).toHaveLength(2);

    const reviews = await api.listImportReviews();
    expect(reviews.map((r) => r.reason)).toEqual(expect.arrayContaining([expect.stringMatching(/^Corporate action \(CIL on ABC\.TO\)/)]));
    const dismissed = await api.setImportReviewStatus(reviews[0]!.id, 'dismissed');
    expect(dismissed).toMatchObject({ status: 'dismissed', resolvedAt: expect.any(String) });
    expect((await api.listImportReviews()).map((r) => r.id)).not.toContain(reviews[0]!.id);
    expect((await api.listImportReviews({ includeClosed: true })).map((r) => r.id)).toContain(reviews[0]!.id);

    // Questrade's CSV export of the same account goes into the connected account, and what the API imported is skipped.
    const header = 'Transaction Date,Settlement Date,Action,Symbol,Description,Quantity,Price,Gross Amount,Commission,Net Amount,Currency,Account #,Activity Type,Account Type';
    const csv = `${header}\n2025-01-07 10:00:00 AM,2025-01-08 12:00:00 AM,Buy,XEQT.TO,ISHARES CORE EQUITY ETF PORTFOLIO,100.00000,30.10000000,-3010.00,-5.00,-3015.00,CAD,00000000,Trades,Individual TFSA\n`;
    const preview = await api.previewImport({ text: csv, format: 'questrade' });
    expect(preview.ready).toEqual([]);
    expect(preview.duplicates).toEqual([{ line: 2, reason: 'Same date, kind, symbol, quantity, price, amount and currency as a stored transaction' }]);

    await api.disconnectQuestrade(connection.id);
    expect(await api.listQuestradeConnections()).toEqual([]);
    expect((await api.listTransactions({ accountId: 'qt-00000000' })).length).toBe(imported.length);
    const missing = await failure(api.reconcileQuestrade(connection.id));
    expect(missing).toMatchObject({ code: 'not_found' });
  }, 30_000);

  it('finishes the authorization-code flow for the user who started it, and refuses another signed-in user', async () => {
    const { api, fake, server, newApi } = await setup({ oauth: true });
    await api.signIn({ serverUrl: server.url, email: 'owner@example.com', password: 'correct horse battery', register: true });
    const portfolio = await api.createPortfolio({ name: 'Questrade' });
    expect((await api.getQuestradeOverview()).oauth).toBe(true);

    // Another user's start, approved at Questrade: the browser comes back through the server's callback to the PWA page.
    const back = async (authorizeUrl: string) => {
      const atQuestrade = await fetch(authorizeUrl, { redirect: 'manual' });
      const callback = new URL(atQuestrade.headers.get('location')!);
      const forwarded = await fetch(`${server.url}${callback.pathname}${callback.search}`, { redirect: 'manual' });
      const page = new URL(forwarded.headers.get('location')!, server.url);
      expect(page.pathname).toBe('/questrade');
      return { code: page.searchParams.get('code')!, state: page.searchParams.get('state')! };
    };
    const other = newApi().api;
    await other.signIn({ serverUrl: server.url, email: 'other@example.com', password: 'correct horse battery', register: true });
    const otherPortfolio = await other.createPortfolio({ name: 'Theirs' });
    const theirs = await back((await other.startQuestradeOAuth({ portfolioId: otherPortfolio.id })).authorizeUrl);
    const stolen = await failure(api.finishQuestradeOAuth(theirs));
    expect(stolen).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/not started by you/) });
    expect(await api.listQuestradeConnections()).toEqual([]);
    expect(await other.listQuestradeConnections()).toEqual([]);

    // Incomplete input is refused before anything is sent.
    const grants = fake.knobs.tokenGrants;
    const incomplete = await failure(api.finishQuestradeOAuth({ code: '', state: 'x' }));
    expect(incomplete?.issues.map((i) => i.field)).toEqual(['code']);

    const mine = await back((await api.startQuestradeOAuth({ portfolioId: portfolio.id })).authorizeUrl);
    const connection = await api.finishQuestradeOAuth(mine);
    expect(fake.knobs.tokenGrants).toBe(grants + 1);
    expect(JSON.stringify(connection)).not.toMatch(/token/i);
    await server.app.questrade.idle();
    expect((await api.listQuestradeConnections()).map((c) => [c.id, c.state])).toEqual([[connection.id, 'ok']]);
    // A code works once.
    expect(await failure(api.finishQuestradeOAuth(mine))).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/already used/) });
  }, 30_000);
});
