/**
 * CSV exports for spreadsheets: transactions (re-importable through the generic CSV import),
 * holdings and realized gains. Decimals are written exactly, never as floats.
 */
import Papa from 'papaparse';
import { toDecimalString, type Decimal } from '../money/decimal';
import type { TransactionRow } from '../model/transaction';
import type { Disposition } from '../engine/types';

/** A value a CSV cell can show; null and undefined become an empty cell. */
export type CsvValue = Decimal | string | number | boolean | null | undefined;

/** The keys of T whose values fit in a cell. */
type CellKey<T> = { [K in keyof T]-?: T[K] extends CsvValue ? K : never }[keyof T] & string;

export interface CsvColumn<T> {
  key: CellKey<T>;
  header: string;
}

/**
 * Text cells that a spreadsheet would run as a formula get a leading apostrophe. A minus
 * followed by a digit is a negative number, not a formula, so amounts stay verbatim.
 */
const FORMULA = /^[=+@\t\r]|^-(?![\d.])/;

function cell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'bigint') return toDecimalString(value);
  return String(value);
}

/** Writes rows as CSV with the given columns, in their order; the header row comes first. */
export function toCsv<T extends object>(columns: readonly CsvColumn<T>[], rows: readonly T[]): string {
  const data = rows.map((row) => columns.map((column) => cell(row[column.key] as CsvValue)));
  return Papa.unparse({ fields: columns.map((c) => c.header), data }, { escapeFormulae: FORMULA, newline: '\r\n' });
}

/** Transaction columns, named so `guessMapping` maps them back (Account is informative). */
export const TRANSACTION_COLUMNS: readonly CsvColumn<TransactionRow>[] = [
  { key: 'date', header: 'Date' },
  { key: 'kind', header: 'Kind' },
  { key: 'symbol', header: 'Symbol' },
  { key: 'quantity', header: 'Quantity' },
  { key: 'price', header: 'Price' },
  { key: 'amount', header: 'Amount' },
  { key: 'fee', header: 'Fee' },
  { key: 'currency', header: 'Currency' },
  { key: 'fxRate', header: 'FX Rate' },
  { key: 'ratio', header: 'Ratio' },
  { key: 'toAccountId', header: 'To Account' },
  { key: 'toCurrency', header: 'To Currency' },
  { key: 'toAmount', header: 'To Amount' },
  { key: 'note', header: 'Note' },
  { key: 'externalId', header: 'External ID' },
  { key: 'accountId', header: 'Account' },
];

/**
 * Transactions as CSV, sorted by date then id so the file is stable. Decimal strings are
 * written as stored. Specific-lot ids and row metadata (id, source, timestamps) are left
 * out: they are local to this database; the JSON backup keeps everything.
 */
export function transactionsToCsv(rows: readonly TransactionRow[]): string {
  const ordered = [...rows].sort((a, b) => (a.date === b.date ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.date < b.date ? -1 : 1));
  return toCsv(TRANSACTION_COLUMNS, ordered);
}

/** A holding as the holdings view shows it; extra fields are ignored. */
export interface HoldingCsvRow {
  accountId?: string;
  symbol: string;
  currency: string;
  quantity: Decimal;
  costLocal?: Decimal;
  /** null when a trade-date exchange rate is missing. */
  costBase: Decimal | null;
  marketValue?: Decimal | null;
  marketValueBase?: Decimal | null;
  unrealizedGainBase?: Decimal | null;
}

export const HOLDING_COLUMNS: readonly CsvColumn<HoldingCsvRow>[] = [
  { key: 'accountId', header: 'Account' },
  { key: 'symbol', header: 'Symbol' },
  { key: 'currency', header: 'Currency' },
  { key: 'quantity', header: 'Quantity' },
  { key: 'costLocal', header: 'Cost' },
  { key: 'costBase', header: 'Cost (base)' },
  { key: 'marketValue', header: 'Market value' },
  { key: 'marketValueBase', header: 'Market value (base)' },
  { key: 'unrealizedGainBase', header: 'Unrealized gain (base)' },
];

/** Holdings as CSV; a missing market value (no price) or base cost (no rate) is an empty cell, not zero. */
export function holdingsToCsv(holdings: readonly HoldingCsvRow[], columns: readonly CsvColumn<HoldingCsvRow>[] = HOLDING_COLUMNS): string {
  return toCsv(columns, holdings);
}

/** A realized gain (the engine's Disposition fits this shape). */
export interface RealizedGainCsvRow {
  date: string;
  accountId: string;
  symbol: string;
  currency: string;
  quantity: Decimal;
  proceedsLocal: Decimal;
  costLocal: Decimal;
  /** The base-currency amounts: null when an exchange rate they need is missing (see `missing`). */
  proceedsBase: Decimal | null;
  costBase: Decimal | null;
  gainBase: Decimal | null;
  priceGainBase?: Decimal | null;
  currencyGainBase?: Decimal | null;
  reason?: string;
  /** The part of a loss the tax rules deny: a superficial loss's, or all of a loss on a transfer in kind into a registered account. */
  deniedLoss?: Decimal | null;
  transactionId?: string;
  /** Why the base-currency amounts are empty. */
  missing?: string;
}

export const REALIZED_GAIN_COLUMNS: readonly CsvColumn<RealizedGainCsvRow>[] = [
  { key: 'date', header: 'Date' },
  { key: 'accountId', header: 'Account' },
  { key: 'symbol', header: 'Symbol' },
  { key: 'currency', header: 'Currency' },
  { key: 'quantity', header: 'Quantity' },
  { key: 'proceedsLocal', header: 'Proceeds' },
  { key: 'costLocal', header: 'Cost' },
  { key: 'proceedsBase', header: 'Proceeds (base)' },
  { key: 'costBase', header: 'Cost (base)' },
  { key: 'gainBase', header: 'Gain (base)' },
  { key: 'priceGainBase', header: 'Price gain (base)' },
  { key: 'currencyGainBase', header: 'Currency gain (base)' },
  { key: 'reason', header: 'Reason' },
  { key: 'transactionId', header: 'Transaction' },
  { key: 'missing', header: 'Not known because' },
  { key: 'deniedLoss', header: 'Denied loss (base)' },
];

/** A disposition as a CSV row, in the named account. Without an exchange rate the sale needs,
 * its base-currency amounts are not known: empty cells and the reason, never zeros. */
export function dispositionCsvRow(d: Disposition, account: string): RealizedGainCsvRow {
  const row: RealizedGainCsvRow = { ...d, accountId: account };
  const missing = d.fxGap ? `no ${d.fxGap.from}→${d.fxGap.to} exchange rate on ${d.fxGap.date}` : d.priceGap ? `no price of ${d.priceGap.symbol} on ${d.priceGap.date}` : undefined;
  if (missing === undefined) return row;
  return { ...row, proceedsBase: null, costBase: null, gainBase: null, priceGainBase: null, currencyGainBase: null, deniedLoss: null, missing };
}

/** Realized gains as CSV, one row per disposition. */
export function realizedGainsToCsv(gains: readonly RealizedGainCsvRow[], columns: readonly CsvColumn<RealizedGainCsvRow>[] = REALIZED_GAIN_COLUMNS): string {
  return toCsv(columns, gains);
}
