import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors';
import type { TransactionRow } from '../model/transaction';
import { createBackup, parseBackup } from './backup';

const transactions: TransactionRow[] = [
  { id: 't1', accountId: 'a1', kind: 'buy', date: '2025-01-02', currency: 'USD', symbol: 'AAPL', quantity: '10', price: '150.5', fee: '1', createdAt: '2025-01-02T10:00:00Z' },
  { id: 't2', accountId: 'a1', kind: 'sell', date: '2025-02-02', currency: 'USD', symbol: 'AAPL', quantity: '4', price: '160', lotIds: ['t1'], createdAt: '2025-02-02T10:00:00Z', updatedAt: '2025-02-03T10:00:00Z' },
  { id: 't3', accountId: 'a1', kind: 'dividend', date: '2025-03-01', currency: 'USD', symbol: 'AAPL', amount: '2.4', externalId: 'x', source: 'csv', createdAt: '2025-03-01T10:00:00Z' },
];
const TABLES = {
  portfolios: [{ id: 'p1', name: 'Main', baseCurrency: 'CAD', createdAt: '2025-01-01T00:00:00Z' }],
  accounts: [{ id: 'a1', portfolioId: 'p1', name: 'TFSA', createdAt: '2025-01-01T00:00:00Z' }],
  instruments: [{ id: 'AAPL', symbol: 'AAPL', currency: 'USD', extra: { nested: true } }],
  transactions,
  targets: [{ id: 'g1', portfolioId: 'p1', weights: { AAPL: '0.6' } }],
};

function refusal(text: string): CoreError {
  try {
    parseBackup(text);
  } catch (error) {
    if (error instanceof CoreError) return error;
    throw error;
  }
  throw new Error('expected a CoreError');
}

const json = (mutate: (backup: any) => void = () => {}) => {
  const backup = JSON.parse(JSON.stringify(createBackup(TABLES, new Date('2025-06-01T12:00:00Z'))));
  mutate(backup);
  return JSON.stringify(backup);
};

describe('createBackup and parseBackup', () => {
  it('round-trips every table, keeping unknown fields of the loose tables', () => {
    const backup = createBackup(TABLES, new Date('2025-06-01T12:00:00Z'));
    expect(backup).toMatchObject({ format: 'folio-backup', version: 1, exportedAt: '2025-06-01T12:00:00.000Z' });
    expect(parseBackup(JSON.stringify(backup))).toEqual(backup);
  });

  it('normalizes transaction decimals on the way in', () => {
    const parsed = parseBackup(json((b) => { b.tables.transactions[0].quantity = '10.000'; }));
    expect(parsed.tables.transactions[0]?.quantity).toBe('10');
  });

  it('names the path of every bad transaction field', () => {
    const error = refusal(json((b) => {
      b.tables.transactions[2].amount = '0';
      b.tables.transactions[1].createdAt = undefined;
    }));
    expect(error.code).toBe('invalid_input');
    expect(error.issues).toEqual([
      { field: 'tables.transactions[1].createdAt', message: 'Created at is required' },
      { field: 'tables.transactions[2].amount', message: 'Amount must be greater than zero' },
    ]);
    expect(error.message).toContain('tables.transactions[2].amount: Amount must be greater than zero');
  });

  it('refuses a transaction without an account, an unknown kind, and repeated ids', () => {
    const error = refusal(json((b) => {
      delete b.tables.transactions[0].accountId;
      b.tables.transactions[1].kind = 'swap';
      b.tables.accounts.push({ id: 'a1' });
    }));
    expect(error.issues).toEqual(expect.arrayContaining([
      { field: 'tables.transactions[0].accountId', message: 'Account is required' },
      { field: 'tables.transactions[1].kind', message: 'Kind must be one of the transaction kinds' },
      { field: 'tables.accounts[1].id', message: 'Id "a1" appears twice in accounts' },
    ]));
  });

  it('refuses unknown tables, a missing table, rows without ids, other versions and other formats', () => {
    expect(refusal(json((b) => { b.tables.budgets = []; })).issues).toEqual([{ field: 'tables', message: 'Unknown table(s): budgets' }]);
    expect(refusal(json((b) => { delete b.tables.targets; })).issues[0]?.field).toBe('tables.targets');
    expect(refusal(json((b) => { b.tables.instruments[0].id = ''; })).issues).toEqual([{ field: 'tables.instruments[0].id', message: 'Id is required' }]);
    expect(refusal(json((b) => { b.version = 2; })).issues).toEqual([{ field: 'version', message: 'Unsupported backup version 2 (this app reads version 1)' }]);
    expect(refusal(json((b) => { b.format = 'other'; })).issues).toEqual([{ field: 'format', message: 'Not a Folio backup' }]);
    expect(refusal('[]').issues[0]?.field).toBe('backup');
  });

  it('refuses malformed JSON', () => {
    const error = refusal('{"format": "folio-backup",');
    expect(error.code).toBe('invalid_input');
    expect(error.issues[0]?.field).toBe('backup');
    expect(error.message).toMatch(/^Backup refused: backup: Not valid JSON/);
  });
});
