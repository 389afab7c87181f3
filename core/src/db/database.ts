import Dexie, { type Table } from 'dexie';
import type { AccountRow, PortfolioRow, TransactionRow } from './rows';

export const DEFAULT_DB_NAME = 'folio';

/**
 * The local database. Each `version()` is a schema step that Dexie applies on open;
 * never edit a released step, add a new one.
 */
export class FolioDb extends Dexie {
  portfolios!: Table<PortfolioRow, string>;
  accounts!: Table<AccountRow, string>;
  transactions!: Table<TransactionRow, string>;

  constructor(name: string = DEFAULT_DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.version(1).stores({
      portfolios: 'id',
      accounts: 'id, portfolioId',
      transactions: 'id, accountId, [accountId+date], date, symbol',
    });
  }
}
