/**
 * Test kit for insights: a real core API over a fresh in-memory IndexedDB (fake-indexeddb), with
 * "today" pinned, and shorthands to build hand-made portfolios. Only imported by tests.
 */
import 'fake-indexeddb/auto';
import { FolioDb } from '../db/database';
import type { AccountRow, PortfolioRow } from '../db/rows';
import { createCoreApi } from '../api/create-core-api';
import type { InsightThresholds } from './insight-types';
import type { Insight, InsightRule } from './insight-types';

export const TODAY = '2026-03-10';
/** The last trading day before today, where most test prices sit. */
export const LAST_CLOSE = '2026-03-09';
const opened: FolioDb[] = [];

export async function insightKit(options: { baseCurrency?: string; accountType?: string } = {}) {
  const db = new FolioDb(`insights-${crypto.randomUUID()}`);
  opened.push(db);
  const api = createCoreApi({ db, now: () => new Date(`${TODAY}T15:00:00`) });
  await api.updateSettings({ locale: 'en-CA', ...(options.baseCurrency ? { baseCurrency: options.baseCurrency } : {}) });
  const portfolio = await api.createPortfolio({ name: 'Main', costBasisMethod: 'average' });
  const account = await api.createAccount({ portfolioId: portfolio.id, name: 'Margin', type: options.accountType ?? 'Non-registered' });

  const kit = {
    api,
    db,
    portfolio,
    account,
    /** A buy (CAD unless told) in the kit's account, unless another is given. */
    buy: (symbol: string, quantity: string, price: string, date = '2025-01-02', extra: { currency?: string; fee?: string; account?: AccountRow; note?: string; externalId?: string } = {}) =>
      api.addTransaction({ kind: 'buy', accountId: (extra.account ?? account).id, date, symbol, currency: extra.currency ?? 'CAD', quantity, price, ...(extra.fee ? { fee: extra.fee } : {}), ...(extra.note ? { note: extra.note } : {}), ...(extra.externalId ? { externalId: extra.externalId } : {}) }),
    sell: (symbol: string, quantity: string, price: string, date: string, extra: { account?: AccountRow; currency?: string } = {}) =>
      api.addTransaction({ kind: 'sell', accountId: (extra.account ?? account).id, date, symbol, currency: extra.currency ?? 'CAD', quantity, price }),
    /** Today's market price (dated the last close unless told). */
    price: (symbol: string, price: string, date = LAST_CLOSE, source?: string) => api.putPrices(symbol, [{ date, price }], source),
    meta: (symbol: string, fields: { sector?: string; country?: string; assetClass?: string; currency?: string; exchange?: string }) => api.upsertInstrument({ id: symbol, ...fields }),
    thresholds: (overrides: Partial<InsightThresholds>) => api.updateSettings({ insightThresholds: overrides }),
    account2: (name: string, type: string, inPortfolio: PortfolioRow = portfolio) => api.createAccount({ portfolioId: inPortfolio.id, name, type }),
    /** Insights of one rule (all portfolios unless a scope is given), with no benchmark unless named. */
    insights: async (rule: InsightRule, scope = {}, benchmark = ''): Promise<Insight[]> => (await api.getInsights(scope, { benchmark })).insights.filter((i) => i.rule === rule),
  };
  return kit;
}

export async function closeKits(): Promise<void> {
  for (const db of opened.splice(0)) await db.delete();
}
