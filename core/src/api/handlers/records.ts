import { z } from 'zod';
import { CoreError } from '../../errors';
import { newId } from '../../db/ids';
import type { AccountRow, PortfolioRow, PriceRow, SettingsRow, TargetRow } from '../../db/rows';
import { validateTargets } from '../../engine/rebalance';
import { dec } from '../../money/decimal';
import { currencyField, decimalField, fieldIssues, isoDateField, symbolField } from '../../model/transaction-schema';
import type { CoreApi } from '../core-api';
import { DEFAULT_SETTINGS } from '../portfolio-engine';
import type { HandlerDeps } from './deps';
import { parseInput } from './parse-input';
import { insightThresholdsSchema } from '../../insights/insight-thresholds';

const method = z.enum(['average', 'fifo', 'lifo', 'specific'], { error: 'Cost-basis method must be average, fifo, lifo or specific' });
const name = z.string().trim().min(1, { message: 'Name is required' }).max(100, { message: 'Name is at most 100 characters' });

const parse = parseInput;

type RecordHandlers = Pick<
  CoreApi,
  | 'getSettings' | 'updateSettings' | 'listPortfolios' | 'createPortfolio' | 'updatePortfolio' | 'deletePortfolio' | 'listAccounts'
  | 'createAccount' | 'updateAccount' | 'deleteAccount' | 'ensureDefaultAccount' | 'listInstruments' | 'upsertInstrument'
  | 'listTargets' | 'setTargets' | 'putPrices' | 'putFxRates'
>;

/** Settings, portfolios, accounts, instruments, targets and cached market data. */
export function recordHandlers(deps: HandlerDeps): RecordHandlers {
  const { db, engine, now } = deps;
  const stamp = () => now().toISOString();
  const changed = async (rebuild?: string[]) => {
    for (const id of rebuild ?? []) engine.rebuildPortfolio(id);
    engine.emit(true);
  };

  const handlers: RecordHandlers = {
    async getSettings() {
      await engine.ready();
      return engine.settings;
    },
    async updateSettings(patch) {
      await engine.ready();
      const valid = parse(
        z.object({ baseCurrency: currencyField('Base currency').optional(), defaultCostBasisMethod: method.optional(), locale: z.string().max(20).optional(), insightThresholds: insightThresholdsSchema.optional() }),
        patch,
        'Settings',
      );
      const next: SettingsRow = { ...DEFAULT_SETTINGS, ...engine.settings, ...valid, updatedAt: stamp() };
      await db.settings.put(next);
      engine.settings = next;
      await changed(valid.baseCurrency ? [...engine.portfolios.keys()] : []);
      return next;
    },
    async listPortfolios() {
      await engine.ready();
      return [...engine.portfolios.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },
    async createPortfolio(input) {
      await engine.ready();
      const valid = parse(z.object({ name, costBasisMethod: method.optional() }), input, 'Portfolio');
      const row: PortfolioRow = { id: newId(), name: valid.name, costBasisMethod: valid.costBasisMethod ?? engine.settings.defaultCostBasisMethod, createdAt: stamp() };
      await db.portfolios.add(row);
      engine.portfolios.set(row.id, row);
      await changed([row.id]);
      return row;
    },
    async updatePortfolio(id, patch) {
      await engine.ready();
      const current = engine.portfolios.get(id);
      if (!current) throw new CoreError('not_found', `Portfolio ${id} does not exist`);
      const valid = parse(z.object({ name: name.optional(), costBasisMethod: method.optional() }), patch, 'Portfolio');
      const row: PortfolioRow = { ...current, ...valid, updatedAt: stamp() };
      await db.portfolios.put(row);
      engine.portfolios.set(id, row);
      // A new cost-basis method recomputes every realized gain of the portfolio.
      await changed(valid.costBasisMethod && valid.costBasisMethod !== current.costBasisMethod ? [id] : []);
      return row;
    },
    async deletePortfolio(id) {
      await engine.ready();
      const accountIds = [...engine.accounts.values()].filter((a) => a.portfolioId === id).map((a) => a.id);
      await db.transaction('rw', [db.portfolios, db.accounts, db.transactions, db.targets], async () => {
        await db.transactions.where('accountId').anyOf(accountIds).delete();
        await db.accounts.bulkDelete(accountIds);
        await db.targets.where('portfolioId').equals(id).delete();
        await db.portfolios.delete(id);
      });
      await engine.reload();
      engine.emit(true);
    },
    async listAccounts(portfolioId) {
      await engine.ready();
      return [...engine.accounts.values()].filter((a) => !portfolioId || a.portfolioId === portfolioId).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },
    async createAccount(input) {
      await engine.ready();
      const valid = parse(z.object({ portfolioId: z.string().min(1), name, type: z.string().max(40).optional(), taxable: z.boolean().optional() }), input, 'Account');
      if (!engine.portfolios.has(valid.portfolioId)) throw new CoreError('not_found', `Portfolio ${valid.portfolioId} does not exist`, [{ field: 'portfolioId', message: 'Unknown portfolio' }]);
      const row: AccountRow = { id: newId(), ...valid, createdAt: stamp() };
      await db.accounts.add(row);
      engine.accounts.set(row.id, row);
      await changed();
      return row;
    },
    async updateAccount(id, patch) {
      await engine.ready();
      const current = engine.accounts.get(id);
      if (!current) throw new CoreError('not_found', `Account ${id} does not exist`);
      const valid = parse(z.object({ name: name.optional(), type: z.string().max(40).optional(), taxable: z.boolean().optional() }), patch, 'Account');
      const row: AccountRow = { ...current, ...valid, updatedAt: stamp() };
      await db.accounts.put(row);
      engine.accounts.set(id, row);
      await changed();
      return row;
    },
    async deleteAccount(id) {
      await engine.ready();
      const portfolioId = engine.portfolioOf(id); // refuses an unknown account
      const incoming = [...engine.transactions.values()].filter((t) => t.toAccountId === id);
      if (incoming.length) throw new CoreError('conflict', `Account ${id} receives ${incoming.length} transfer(s); delete those first`, [], incoming[0]!.id);
      // Its transfers out may have given another account what that account later sold: the
      // portfolio's history without this account must still hold together.
      try {
        engine.checkHistory(engine.portfolios.get(portfolioId)!.costBasisMethod, engine.rowsOf(portfolioId).filter((t) => t.accountId !== id));
      } catch (error) {
        if (!(error instanceof CoreError)) throw error;
        throw new CoreError('conflict', `Deleting account ${id} would break another account's history: ${error.message}. Delete or change that transaction first`, error.issues, error.ref);
      }
      await db.transaction('rw', [db.accounts, db.transactions], async () => {
        await db.transactions.where('accountId').equals(id).delete();
        await db.accounts.delete(id);
      });
      await engine.reload();
      engine.emit(true);
    },
    async ensureDefaultAccount() {
      await engine.ready();
      const portfolio = [...engine.portfolios.values()][0] ?? (await handlers.createPortfolio({ name: 'My portfolio' }));
      const account = [...engine.accounts.values()].find((a) => a.portfolioId === portfolio.id) ?? (await handlers.createAccount({ portfolioId: portfolio.id, name: 'Brokerage' }));
      return { portfolio, account };
    },
    async listInstruments() {
      return db.instruments.toArray();
    },
    async upsertInstrument(input) {
      const valid = parse(
        z.object({
          id: symbolField,
          name: z.string().max(200).optional(),
          exchange: z.string().max(40).optional(),
          currency: currencyField().optional(),
          assetClass: z.string().max(40).optional(),
          sector: z.string().max(80).optional(),
          country: z.string().max(80).optional(),
        }),
        input,
        'Instrument',
      );
      const row = { ...valid, updatedAt: stamp() };
      await db.instruments.put(row);
      engine.emit(true);
      return row;
    },
    async listTargets(portfolioId) {
      return db.targets.where('portfolioId').equals(portfolioId).toArray();
    },
    async setTargets(portfolioId, targets) {
      await engine.ready();
      if (!engine.portfolios.has(portfolioId)) throw new CoreError('not_found', `Portfolio ${portfolioId} does not exist`);
      const valid = parse(z.array(z.object({ key: z.string().trim().min(1), by: z.enum(['holding', 'assetClass']), weight: decimalField('Weight', 'nonNegative') })), targets, 'Targets');
      try {
        if (valid.length) validateTargets(valid.map((t) => ({ key: t.key, weight: dec(t.weight) })));
      } catch (error) {
        throw new CoreError('invalid_input', (error as Error).message, [{ field: 'weight', message: (error as Error).message }]);
      }
      const rows: TargetRow[] = valid.map((t) => ({ id: `${portfolioId}:${t.by}:${t.key}`, portfolioId, ...t, updatedAt: stamp() }));
      await db.transaction('rw', db.targets, async () => {
        await db.targets.where('portfolioId').equals(portfolioId).delete();
        await db.targets.bulkPut(rows);
      });
      engine.emit(true);
      return rows;
    },
    async putPrices(symbol, points, source) {
      await engine.ready();
      const valid = parse(z.object({ symbol: symbolField, points: z.array(z.object({ date: isoDateField, price: decimalField('Price', 'positive') })) }), { symbol, points }, 'Prices');
      const rows: PriceRow[] = valid.points.map((p) => ({ symbol: valid.symbol, date: p.date, price: p.price, ...(source ? { source } : {}), fetchedAt: stamp() }));
      await db._prices.bulkPut(rows);
      for (const row of rows) engine.setMarketPrice(row.symbol, row.date, row.price, row);
      engine.emit(true);
    },
    async putFxRates(pair, points, source) {
      await engine.ready();
      const valid = parse(
        z.object({ pair: z.string().regex(/^[A-Z]{6}$/, { message: 'A pair is six letters such as USDCAD' }), points: z.array(z.object({ date: isoDateField, rate: decimalField('Rate', 'positive') })) }),
        { pair, points },
        'FX rates',
      );
      await db._fx.bulkPut(valid.points.map((p) => ({ pair: valid.pair, date: p.date, rate: p.rate, ...(source ? { source } : {}), fetchedAt: stamp() })));
      for (const p of valid.points) engine.setFxRate(valid.pair, p.date, p.rate);
      // Trade-date rates feed cost basis: recompute every portfolio.
      await changed([...engine.portfolios.keys()]);
    },
  };
  return handlers;
}
