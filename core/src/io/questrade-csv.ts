/**
 * Questrade activity export (Transaction Date, Settlement Date, Action, Symbol, Description,
 * Quantity, Price, Gross Amount, Commission, Net Amount, Currency, Account #, Activity Type,
 * Account Type) → an import preview. Each row becomes a QuestradeActivity and goes through
 * the same mapping as the API import (questrade/activity-mapping.ts), so the CSV and the API
 * agree on kinds, signs, options, FX pairing and transfers; only the source differs.
 *
 * Activities the mapping sends to review (unknown types, unpaired FX legs, securities moved
 * in from elsewhere, corporate actions) are kept, as with the API: the preview lists them as
 * `reviews` with their line, and the import stores them as review items (source
 * 'questrade-csv'), so they neither block the file nor disappear. A review item already stored
 * (the same file imported again) is a duplicate. Only rows whose cells cannot be read are errors.
 */
import { CoreError, type FieldIssue } from '../errors';
import { dec, isDecimalString, toDecimalString } from '../money/decimal';
import { buildPreview, reviewKey, type ExistingKeys, type ImportCandidate, type ImportPreview } from './import-preview';
import { mapQuestradeActivities, numberText } from './questrade/activity-mapping';
import type { QuestradeActivity } from './questrade/questrade-api-types';

export const QUESTRADE_SOURCE = 'questrade-csv';

const COLUMNS = {
  date: 'Transaction Date', action: 'Action', symbol: 'Symbol', description: 'Description', quantity: 'Quantity',
  price: 'Price', commission: 'Commission', net: 'Net Amount', currency: 'Currency', account: 'Account #', type: 'Activity Type',
} as const;
/** Columns older exports may lack: settlement defaults to the transaction date, gross to 0 (then the price is taken as quoted). */
const OPTIONAL = { settlement: 'Settlement Date', gross: 'Gross Amount' } as const;
type Column = keyof typeof COLUMNS | keyof typeof OPTIONAL;

/** The numeric cells, with the field name and label used in error messages. */
const NUMBERS = [
  ['quantity', 'quantity', 'Quantity'],
  ['price', 'price', 'Price'],
  ['gross', 'grossAmount', 'Gross amount'],
  ['commission', 'commission', 'Commission'],
  ['net', 'netAmount', 'Net amount'],
] as const;

export interface QuestradeOptions {
  /** The local account id for a Questrade account number. */
  accountIdFor(accountNumber: string): string;
  today: string;
  existing?: ExistingKeys;
  /** File line of each row (from `readCsv`); defaults to row index + 2. */
  lines?: number[];
}

/** Maps a Questrade activity export to an import preview. */
export function mapQuestradeExport(headers: readonly string[], rows: readonly string[][], options: QuestradeOptions): ImportPreview {
  const find = (name: string) => headers.findIndex((h) => h.trim().toLowerCase() === name.toLowerCase());
  const index = {} as Record<Column, number>;
  const missing: string[] = [];
  for (const [key, name] of Object.entries(COLUMNS) as [Column, string][]) {
    index[key] = find(name);
    if (index[key] < 0) missing.push(name);
  }
  for (const [key, name] of Object.entries(OPTIONAL) as [Column, string][]) index[key] = find(name);
  if (missing.length) {
    throw new CoreError('invalid_input', `Not a Questrade activity export: missing column(s) ${missing.join(', ')}`, missing.map((name) => ({ field: name, message: 'Column is missing' })));
  }

  const candidates: ImportCandidate[] = [];
  /** Rows whose cells cannot be read: reported as they are, without guessing a kind. */
  const unreadable: ImportPreview['errors'] = [];
  const byAccount = new Map<string, { activities: QuestradeActivity[]; lines: number[] }>();
  const reviews: NonNullable<ImportPreview['reviews']> = [];
  const duplicates: ImportPreview['duplicates'] = [];
  rows.forEach((cells, i) => {
    const line = options.lines?.[i] ?? i + 2;
    const get = (key: Column) => (index[key] < 0 ? '' : (cells[index[key]] ?? '').trim());
    const issues: FieldIssue[] = [];
    const numbers = {} as Record<(typeof NUMBERS)[number][1], number>;
    for (const [column, field, label] of NUMBERS) {
      const cell = get(column) || '0';
      // A cell that does not survive number → shortest text unchanged would lose digits: refused.
      if (!isDecimalString(cell)) issues.push({ field, message: `${label} must be a plain number such as 12.50` });
      else if (numberText(Number(cell)) !== toDecimalString(dec(cell))) issues.push({ field, message: `${label} has more digits than can be read exactly` });
      else numbers[field] = Number(cell);
    }
    const account = get('account');
    if (!account) issues.push({ field: 'account', message: 'Account # is required' });
    if (issues.length) return void unreadable.push({ line, issues });
    const date = get('date');
    const activity: QuestradeActivity = {
      tradeDate: date,
      transactionDate: date,
      settlementDate: get('settlement') || date,
      action: get('action'),
      symbol: get('symbol'),
      symbolId: 0,
      description: get('description'),
      currency: get('currency'),
      type: get('type'),
      ...numbers,
    };
    const group = byAccount.get(account) ?? { activities: [], lines: [] };
    group.activities.push(activity);
    group.lines.push(line);
    byAccount.set(account, group);
  });

  // Transfers between two accounts of the same file become one transfer row (both sides agree).
  const resolveAccountId = (number: string) => (byAccount.has(number) ? options.accountIdFor(number) : undefined);
  /** Stored review items not yet matched to a row of this file, per reviewKey. */
  const reviewsLeft = new Map(options.existing?.reviewKeys ?? []);
  for (const [accountNumber, { activities, lines }] of byAccount) {
    const mapped = mapQuestradeActivities(activities, { accountId: options.accountIdFor(accountNumber), accountNumber, resolveAccountId }, { source: QUESTRADE_SOURCE });
    const lineOf = (id: string) => Math.min(...(mapped.origins.get(id) ?? [0]).map((i) => lines[i] ?? 0));
    for (const row of mapped.transactions) {
      const { createdAt: _createdAt, ...input } = row;
      candidates.push({ line: lineOf(row.id), input });
    }
    for (const row of mapped.reviews) {
      const line = lineOf(row.id);
      // One stored item covers one row: two identical activities of a day need two.
      const key = reviewKey(row);
      const left = reviewsLeft.get(key) ?? 0;
      if (left > 0) reviewsLeft.set(key, left - 1);
      if (options.existing?.reviewIds?.has(row.id) || left > 0) duplicates.push({ line, reason: 'Already kept for review' });
      else reviews.push({ line, reason: row.reason, row });
    }
  }
  candidates.sort((a, b) => a.line - b.line);
  const preview = buildPreview(candidates, options.today, options.existing);
  preview.errors.push(...unreadable);
  preview.errors.sort((a, b) => a.line - b.line);
  preview.duplicates.push(...duplicates);
  preview.duplicates.sort((a, b) => a.line - b.line);
  preview.reviews = reviews.sort((a, b) => a.line - b.line);
  return preview;
}
