import Dexie, { type Table } from 'dexie';
import { outboxMiddleware, type OutboxRow, type SyncStateRow } from '../sync/outbox';
import type { AccountRow, AuthRow, FxRateRow, ImportReviewRow, InstrumentRow, PortfolioRow, PriceRow, SettingsRow, TargetRow, TransactionRow } from './rows';

export const DEFAULT_DB_NAME = 'folio';

/**
 * The local database. Each `version()` is a schema step Dexie applies on open; never edit a
 * released step, add a new one with an upgrade that carries the data forward.
 */
export class FolioDb extends Dexie {
  settings!: Table<SettingsRow, string>;
  portfolios!: Table<PortfolioRow, string>;
  accounts!: Table<AccountRow, string>;
  transactions!: Table<TransactionRow, string>;
  instruments!: Table<InstrumentRow, string>;
  targets!: Table<TargetRow, string>;
  _prices!: Table<PriceRow, [string, string]>;
  _fx!: Table<FxRateRow, [string, string]>;
  _outbox!: Table<OutboxRow, number>;
  _syncState!: Table<SyncStateRow, string>;
  _auth!: Table<AuthRow, string>;
  importReviews!: Table<ImportReviewRow, string>;
  /** Called after a change was recorded in the outbox (the sync loop debounces a push). */
  onLocalChange: () => void = () => {};

  constructor(name: string = DEFAULT_DB_NAME, options?: ConstructorParameters<typeof Dexie>[1] & { now?: () => number }) {
    super(name, options);
    this.use(outboxMiddleware(() => this.onLocalChange(), options?.now));
    this.version(1).stores({
      portfolios: 'id',
      accounts: 'id, portfolioId',
      transactions: 'id, accountId, [accountId+date], date, symbol',
    });
    this.version(2)
      .stores({
        settings: 'id',
        portfolios: 'id',
        accounts: 'id, portfolioId',
        transactions: 'id, accountId, [accountId+date], date, symbol, externalId',
        instruments: 'id',
        targets: 'id, portfolioId',
        _prices: '[symbol+date], symbol',
        _fx: '[pair+date], pair',
      })
      .upgrade(async (tx) => {
        // v1 portfolios carried a base currency; it moves to the user's settings.
        const first = (await tx.table('portfolios').toArray())[0] as { baseCurrency?: string } | undefined;
        await tx.table('portfolios').toCollection().modify((p: Record<string, unknown>) => {
          delete p['baseCurrency'];
          p['costBasisMethod'] ??= 'average';
        });
        if (first?.baseCurrency) {
          await tx.table('settings').put({ id: 'user', baseCurrency: first.baseCurrency, defaultCostBasisMethod: 'average', updatedAt: new Date().toISOString() });
        }
      });
    // v3: local-first sync. The outbox and sync state are local-only; so is the sign-in.
    this.version(3).stores({ _outbox: 'mid, [table+key]', _syncState: 'id', _auth: 'id' });
    // v4: imported activities waiting for the user's review (Questrade).
    this.version(4).stores({ importReviews: 'id, accountId, externalId' });
  }
}
