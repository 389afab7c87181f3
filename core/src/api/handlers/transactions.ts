import { CoreError } from '../../errors';
import { newId } from '../../db/ids';
import type { TransactionRow } from '../../db/rows';
import { parseTransactionInput, toTransactionRow } from '../../model/transaction-schema';
import type { CoreApi, TransactionFilter } from '../core-api';
import { todayOf, type HandlerDeps } from './deps';

type TransactionHandlers = Pick<CoreApi, 'addTransaction' | 'updateTransaction' | 'deleteTransaction' | 'listTransactions'>;

/**
 * Transaction writes: validate the fields, check the account and any duplicate external id,
 * replay the portfolio's history in memory (refusing e.g. a sale of more than is held, or a
 * deleted buy that a later sale needed), and only then write IndexedDB.
 */
export function transactionHandlers(deps: HandlerDeps): TransactionHandlers {
  const { db, engine, now } = deps;

  function checkAccounts(row: TransactionRow): string {
    const portfolioId = engine.portfolioOf(row.accountId);
    if (row.toAccountId !== undefined) {
      const target = engine.accounts.get(row.toAccountId);
      if (!target) throw new CoreError('not_found', `Account ${row.toAccountId} does not exist`, [{ field: 'toAccountId', message: 'Unknown destination account' }], row.id);
      if (target.portfolioId !== portfolioId) {
        throw new CoreError('invalid_input', 'Transfers between accounts of different portfolios are not supported; record a withdrawal and a deposit', [{ field: 'toAccountId', message: 'Destination is in another portfolio' }], row.id);
      }
    }
    return portfolioId;
  }

  async function checkDuplicate(row: TransactionRow): Promise<void> {
    if (row.externalId === undefined) return;
    const existing = await db.transactions.where('externalId').equals(row.externalId).filter((t) => t.id !== row.id).first();
    if (existing) {
      throw new CoreError('conflict', `A transaction with external id ${row.externalId} already exists (${existing.id})`, [{ field: 'externalId', message: 'Duplicate external id' }], existing.id);
    }
  }

  async function write(portfolioId: string, upserts: TransactionRow[], deletes: string[], extraPortfolio?: string): Promise<void> {
    engine.change(portfolioId, upserts, deletes);
    try {
      await db.transaction('rw', db.transactions, async () => {
        if (deletes.length) await db.transactions.bulkDelete(deletes);
        if (upserts.length) await db.transactions.bulkPut(upserts);
      });
    } catch (error) {
      await engine.reload(); // IndexedDB refused: go back to what it holds
      throw CoreError.from(error);
    }
    if (extraPortfolio && extraPortfolio !== portfolioId) engine.rebuildPortfolio(extraPortfolio);
    engine.emit(true);
  }

  return {
    async addTransaction(input) {
      await engine.ready();
      const valid = parseTransactionInput(input, todayOf(deps));
      const accountId = valid.accountId ?? (await firstAccount());
      const row = toTransactionRow(valid, { id: newId(now().getTime()), accountId, createdAt: now().toISOString() });
      if (engine.transactions.has(row.id)) throw new CoreError('conflict', `Transaction ${row.id} already exists`, [], row.id);
      await checkDuplicate(row);
      await write(checkAccounts(row), [row], []);
      return row;
    },

    async updateTransaction(id, input) {
      await engine.ready();
      const current = engine.transactions.get(id);
      if (!current) throw new CoreError('not_found', `Transaction ${id} does not exist`, [], id);
      const valid = parseTransactionInput({ ...input, id }, todayOf(deps), `Transaction ${id}`);
      const row = { ...toTransactionRow(valid, { id, accountId: valid.accountId ?? current.accountId, createdAt: current.createdAt }), updatedAt: now().toISOString() };
      await checkDuplicate(row);
      const portfolioId = checkAccounts(row);
      const previousPortfolio = engine.portfolioOf(current.accountId);
      if (previousPortfolio === portfolioId) {
        await write(portfolioId, [row], []);
        return row;
      }
      // Moving to another portfolio: both histories must stay valid, or neither changes.
      try {
        engine.change(previousPortfolio, [], [id]);
        await write(portfolioId, [row], [], previousPortfolio);
      } catch (error) {
        await engine.reload();
        throw error;
      }
      return row;
    },

    async deleteTransaction(id) {
      await engine.ready();
      const current = engine.transactions.get(id);
      if (!current) throw new CoreError('not_found', `Transaction ${id} does not exist`, [], id);
      await write(engine.portfolioOf(current.accountId), [], [id]);
    },

    async listTransactions(filter = {}) {
      await engine.ready();
      return filterTransactions([...engine.transactions.values()], filter, (accountId) => engine.accounts.get(accountId)?.portfolioId);
    },
  };

  async function firstAccount(): Promise<string> {
    const account = [...engine.accounts.values()][0];
    if (!account) throw new CoreError('invalid_input', 'Create an account first (or pass accountId)', [{ field: 'accountId', message: 'No account yet' }]);
    return account.id;
  }
}

export function filterTransactions(rows: TransactionRow[], filter: TransactionFilter, portfolioOf: (accountId: string) => string | undefined): TransactionRow[] {
  return rows
    .filter(
      (t) =>
        (!filter.accountId || t.accountId === filter.accountId || t.toAccountId === filter.accountId) &&
        (!filter.portfolioId || portfolioOf(t.accountId) === filter.portfolioId) &&
        (!filter.symbol || t.symbol === filter.symbol) &&
        (!filter.kind || t.kind === filter.kind) &&
        (!filter.from || t.date >= filter.from) &&
        (!filter.to || t.date <= filter.to),
    )
    .sort((a, b) => (a.date === b.date ? (a.id < b.id ? -1 : 1) : a.date < b.date ? -1 : 1));
}
