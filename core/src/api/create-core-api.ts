import { liveQuery, type Subscription } from 'dexie';
import type { FolioDb } from '../db/database';
import { newId } from '../db/ids';
import type { AccountRow, PortfolioRow, TransactionRow } from '../db/rows';
import { computeHoldings } from '../portfolio/holdings';
import { toDecimalString, dec } from '../money/decimal';
import { localDate } from '../time/local-date';
import { CoreError } from '../errors';
import type { CoreApi } from './core-api';
import { parseBuyInput } from './transaction-input';

export interface CoreDeps {
  db: FolioDb;
  /** The current time; injected so tests can pin "today". */
  now?: () => Date;
}

const DEFAULT_PORTFOLIO_ID = 'default-portfolio';
const DEFAULT_ACCOUNT_ID = 'default-account';

export function createCoreApi({ db, now = () => new Date() }: CoreDeps): CoreApi {
  const watchers = new Map<number, Subscription>();
  let nextWatchId = 1;

  async function ensureDefaultAccount(): Promise<{ portfolio: PortfolioRow; account: AccountRow }> {
    return db.transaction('rw', db.portfolios, db.accounts, async () => {
      const createdAt = now().toISOString();
      let portfolio = await db.portfolios.get(DEFAULT_PORTFOLIO_ID);
      if (!portfolio) {
        portfolio = { id: DEFAULT_PORTFOLIO_ID, name: 'My portfolio', baseCurrency: 'CAD', createdAt };
        await db.portfolios.add(portfolio);
      }
      let account = await db.accounts.get(DEFAULT_ACCOUNT_ID);
      if (!account) {
        account = { id: DEFAULT_ACCOUNT_ID, portfolioId: portfolio.id, name: 'Brokerage', createdAt };
        await db.accounts.add(account);
      }
      return { portfolio, account };
    });
  }

  async function holdingsNow() {
    return computeHoldings(await db.transactions.toArray());
  }

  return {
    ensureDefaultAccount,

    async addBuy(input) {
      const valid = parseBuyInput(input, localDate(now()));
      const accountId = valid.accountId ?? (await ensureDefaultAccount()).account.id;
      const row: TransactionRow = {
        id: newId(now().getTime()),
        accountId,
        kind: 'buy',
        date: valid.date,
        symbol: valid.symbol,
        currency: valid.currency,
        // Normalized so "010.50" and "10.5" are stored alike.
        quantity: toDecimalString(dec(valid.quantity)),
        price: toDecimalString(dec(valid.price)),
        fee: toDecimalString(dec(valid.fee)),
        ...(valid.note ? { note: valid.note } : {}),
        createdAt: now().toISOString(),
      };
      await db.transaction('rw', db.accounts, db.transactions, async () => {
        if (!(await db.accounts.get(accountId))) {
          throw new CoreError('not_found', `Account ${accountId} does not exist`, [
            { field: 'accountId', message: 'Unknown account' },
          ]);
        }
        await db.transactions.add(row);
      });
      return row;
    },

    listTransactions: () => db.transactions.orderBy('date').toArray(),

    getHoldings: holdingsNow,

    async watchHoldings(onChange) {
      const id = nextWatchId++;
      const subscription = liveQuery(() => db.transactions.toArray()).subscribe({
        next: (rows) => onChange(computeHoldings(rows)),
        error: (error: unknown) => console.error('holdings watch failed', error),
      });
      watchers.set(id, subscription);
      return id;
    },

    async unwatch(id) {
      watchers.get(id)?.unsubscribe();
      watchers.delete(id);
    },
  };
}
