import { CoreError } from '../../errors';
import { newId } from '../../db/ids';
import type { AccountRow, ImportReviewRow, PortfolioRow, SettingsRow, TransactionRow } from '../../db/rows';
import { summarizeHoldings } from '../../engine/holdings-summary';
import { createBackup, parseBackup } from '../../io/backup';
import { dispositionCsvRow, holdingsToCsv, realizedGainsToCsv, transactionsToCsv } from '../../io/csv-export';
import { guessMapping, previewImport, readCsv } from '../../io/csv-import';
import { assertImportable, importKey, reviewKey, type ExistingKeys } from '../../io/import-preview';
import { mapQuestradeExport } from '../../io/questrade-csv';
import { questradeAccountId } from '../../io/questrade/activity-mapping';
import { toTransactionRow } from '../../model/transaction-schema';
import type { CoreApi, ImportPreviewResult, ImportRequest, Scope } from '../core-api';
import { filterTransactions } from './transactions';
import { todayOf, type HandlerDeps } from './deps';

type IoHandlers = Pick<
  CoreApi,
  'previewImport' | 'commitImport' | 'exportTransactionsCsv' | 'exportHoldingsCsv' | 'exportRealizedGainsCsv' | 'exportBackup' | 'restoreBackup'
>;

const PENDING = 'pending-account:';

/** CSV imports (all-or-nothing, duplicates skipped), CSV exports and the JSON backup. */
export function ioHandlers(deps: HandlerDeps): IoHandlers {
  const { db, engine, now } = deps;

  function existingKeys(reviews?: readonly ImportReviewRow[]): ExistingKeys {
    const rows = [...engine.transactions.values()];
    return {
      externalIds: new Set(rows.flatMap((r) => (r.externalId ? [r.externalId] : []))),
      keys: new Set(rows.map((r) => importKey(r))),
      ...(reviews ? { reviewIds: new Set(reviews.map((r) => r.id)), reviewKeys: countBy(reviews.map(reviewKey)) } : {}),
    };
  }

  /**
   * Questrade account numbers → the account a Questrade connection imports into (so rows the
   * API already brought are skipped as duplicates by content), else one named
   * "Questrade <number>" that an earlier CSV import made, else a new one created on commit
   * with the id a connection uses (questradeAccountId), so connecting the API later fills the
   * same account instead of a second one.
   */
  function questradeAccount(number: string): string {
    const connected = engine.accounts.get(questradeAccountId(number));
    if (connected) return connected.id;
    const account = [...engine.accounts.values()].find((a) => a.name === `Questrade ${number}`);
    return account ? account.id : `${PENDING}${number}`;
  }

  async function preview(request: ImportRequest): Promise<ImportPreviewResult> {
    const table = readCsv(request.text);
    const today = todayOf(deps);
    if (request.format === 'questrade') {
      const result = mapQuestradeExport(table.headers, table.rows, { accountIdFor: questradeAccount, today, existing: existingKeys(await db.importReviews.toArray()), lines: table.lines });
      return { ...result, headers: table.headers };
    }
    if (!request.accountId) throw new CoreError('invalid_input', 'Choose the account to import into', [{ field: 'accountId', message: 'Account is required' }]);
    engine.portfolioOf(request.accountId);
    const mapping = request.mapping ?? guessMapping(table.headers);
    const result = previewImport({ rows: table.rows, headers: table.headers, mapping, accountId: request.accountId, today, existing: existingKeys(), lines: table.lines });
    return { ...result, headers: table.headers, mapping };
  }

  async function scopedRows(scope: Scope): Promise<TransactionRow[]> {
    await engine.ready();
    return filterTransactions([...engine.transactions.values()], scope, (a) => engine.accounts.get(a)?.portfolioId);
  }

  return {
    async previewImport(request) {
      await engine.ready();
      return await preview(request);
    },

    async commitImport(request) {
      await engine.ready();
      const result = await preview(request);
      assertImportable(result);
      const { portfolio, created } = await ensurePortfolio();
      const createdAt = now().toISOString();
      const newAccounts = new Map<string, AccountRow>();
      /** A pending Questrade account number → the account created for it (transfers name two). */
      const resolve = (accountId: string): string => {
        if (!accountId.startsWith(PENDING)) return accountId;
        const number = accountId.slice(PENDING.length);
        let account = newAccounts.get(number);
        if (!account) newAccounts.set(number, (account = { id: questradeAccountId(number), portfolioId: portfolio, name: `Questrade ${number}`, type: 'questrade', createdAt }));
        return account.id;
      };
      const rows = result.ready.map(({ row }, i) => {
        const accountId = resolve(row.accountId);
        const toAccountId = row.kind === 'transfer' ? resolve(row.toAccountId) : undefined;
        return toTransactionRow({ ...row, accountId, ...(toAccountId ? { toAccountId } : {}) }, { id: newId(now().getTime() + i), accountId, createdAt });
      });
      // Activities the mapping could not turn into transactions: kept as review items, in the same write.
      const reviews: ImportReviewRow[] = (result.reviews ?? []).map(({ row }) => ({ ...row, accountId: resolve(row.accountId) }));
      const lineOf = new Map(rows.map((row, i) => [row.id, result.ready[i]!.line]));
      for (const account of newAccounts.values()) engine.accounts.set(account.id, account);
      const byPortfolio = new Map<string, TransactionRow[]>();
      for (const row of rows) {
        const id = engine.portfolioOf(row.accountId);
        byPortfolio.set(id, [...(byPortfolio.get(id) ?? []), row]);
      }
      try {
        for (const [portfolioId, upserts] of byPortfolio) engine.change(portfolioId, upserts);
        await db.transaction('rw', [db.portfolios, db.accounts, db.transactions, db.importReviews], async () => {
          if (created) await db.portfolios.add(created);
          await db.accounts.bulkAdd([...newAccounts.values()]);
          await db.transactions.bulkAdd(rows);
          await db.importReviews.bulkAdd(reviews);
        });
      } catch (error) {
        await engine.reload();
        const refused = error instanceof CoreError && error.ref ? lineOf.get(error.ref) : undefined;
        if (refused !== undefined && error instanceof CoreError) {
          throw new CoreError('invalid_input', `Import refused at line ${refused}: ${error.message}`, error.issues.map((i) => ({ ...i, field: `line ${refused}: ${i.field}` })), error.ref);
        }
        throw CoreError.from(error);
      }
      engine.emit(true);
      return { imported: rows.length, duplicates: result.duplicates.length };
    },

    async exportTransactionsCsv(scope = {}) {
      return transactionsToCsv(await scopedRows(scope));
    },

    async exportHoldingsCsv(scope = {}) {
      await engine.ready();
      const summary = summarizeHoldings(engine.sources(scope), todayOf(deps), engine.context());
      return holdingsToCsv(
        summary.holdings.flatMap((h) =>
          h.positions.map((p) => ({
            accountId: engine.accounts.get(p.accountId)?.name ?? p.accountId,
            symbol: p.symbol,
            currency: p.currency,
            quantity: p.quantity,
            costLocal: p.costLocal,
            costBase: p.fxGap ? null : p.costBase,
            marketValue: p.marketValueLocal,
            marketValueBase: p.marketValueBase,
            unrealizedGainBase: p.unrealizedBase,
          })),
        ),
      );
    },

    async exportRealizedGainsCsv(scope = {}) {
      await engine.ready();
      // The sales as the realized-gains report shows them (taxable ones at pooled ACB).
      const dispositions = engine.taxView(scope).dispositions;
      return realizedGainsToCsv(dispositions.map((d) => dispositionCsvRow(d, engine.accounts.get(d.accountId)?.name ?? d.accountId)));
    },

    async exportBackup() {
      await engine.ready();
      const [instruments, targets, importReviews] = await Promise.all([db.instruments.toArray(), db.targets.toArray(), db.importReviews.toArray()]);
      const backup = createBackup(
        { portfolios: [...engine.portfolios.values()], accounts: [...engine.accounts.values()], instruments, transactions: [...engine.transactions.values()], targets, importReviews },
        now(),
      );
      return JSON.stringify({ ...backup, settings: engine.settings }, null, 2);
    },

    async restoreBackup(text) {
      await engine.ready();
      const backup = parseBackup(text);
      const { tables } = backup;
      // Check the whole history before replacing anything: a bad backup changes nothing.
      const portfolioOf = new Map(tables.accounts.map((a) => [a.id, String(a['portfolioId'])]));
      tables.transactions.forEach((t, i) => {
        if (!portfolioOf.has(t.accountId)) throw new CoreError('invalid_input', `tables.transactions[${i}].accountId: account ${t.accountId} is not in the backup`, [{ field: `tables.transactions[${i}].accountId`, message: 'Unknown account' }], t.id);
      });
      for (const portfolio of tables.portfolios) {
        const method = (portfolio['costBasisMethod'] as PortfolioRow['costBasisMethod'] | undefined) ?? 'average';
        engine.checkHistory(method, tables.transactions.filter((t) => portfolioOf.get(t.accountId) === portfolio.id));
      }
      // Settings travel with the backup (base currency, method, locale); a backup without them keeps the device's.
      const settings: SettingsRow | undefined = backup.settings ? { ...engine.settings, ...backup.settings, id: 'user', updatedAt: now().toISOString() } : undefined;
      await db.transaction('rw', [db.portfolios, db.accounts, db.transactions, db.instruments, db.targets, db.importReviews, db.settings], async () => {
        if (settings) await db.settings.put(settings);
        await Promise.all([db.portfolios.clear(), db.accounts.clear(), db.transactions.clear(), db.instruments.clear(), db.targets.clear(), db.importReviews.clear()]);
        await db.importReviews.bulkAdd((tables.importReviews ?? []) as never[]);
        await db.portfolios.bulkAdd(tables.portfolios as never[]);
        await db.accounts.bulkAdd(tables.accounts as never[]);
        await db.instruments.bulkAdd(tables.instruments as never[]);
        await db.targets.bulkAdd(tables.targets as never[]);
        await db.transactions.bulkAdd(tables.transactions);
      });
      await engine.reload();
      engine.emit(true);
      return { transactions: tables.transactions.length };
    },
  };

  /**
   * The portfolio that new Questrade accounts join: the first one, or — on a fresh device — a
   * new "My portfolio", written in the import's own transaction (a refused import leaves none).
   */
  async function ensurePortfolio(): Promise<{ portfolio: string; created?: PortfolioRow }> {
    const first = [...engine.portfolios.values()][0];
    if (first) return { portfolio: first.id };
    const created: PortfolioRow = { id: newId(), name: 'My portfolio', costBasisMethod: engine.settings.defaultCostBasisMethod, createdAt: now().toISOString() };
    engine.portfolios.set(created.id, created);
    engine.rebuildPortfolio(created.id);
    return { portfolio: created.id, created };
  }
}

/** How many times each key occurs. */
function countBy(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}
