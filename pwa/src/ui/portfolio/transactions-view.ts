import type { SyncOverview, TransactionFilter } from '../../../../core/src/api/core-api';
import type { TransactionKind, TransactionRow } from '../../../../core/src/model/transaction';

/** What the filter form holds: empty strings mean "any". */
export interface TransactionFilterForm {
  kind: TransactionKind | '';
  symbol: string;
  accountId: string;
  from: string;
  to: string;
}

export const EMPTY_FILTER_FORM: TransactionFilterForm = { kind: '', symbol: '', accountId: '', from: '', to: '' };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The worker's filter for a portfolio and the form's choices. Symbols are stored upper-case,
 * so the typed symbol is too; an incomplete date is left out rather than sent.
 */
export function toTransactionFilter(portfolioId: string, form: TransactionFilterForm): TransactionFilter {
  const symbol = form.symbol.trim().toUpperCase();
  return {
    portfolioId,
    ...(form.kind ? { kind: form.kind } : {}),
    ...(symbol ? { symbol } : {}),
    ...(form.accountId ? { accountId: form.accountId } : {}),
    ...(ISO_DATE.test(form.from) ? { from: form.from } : {}),
    ...(ISO_DATE.test(form.to) ? { to: form.to } : {}),
  };
}

/** A date range that cannot match anything, named on the field that makes it so. */
export function dateRangeIssue(form: TransactionFilterForm): string | undefined {
  return ISO_DATE.test(form.from) && ISO_DATE.test(form.to) && form.from > form.to ? 'The end date is before the start date' : undefined;
}

/** Newest first: by trade date, then by when it was entered (the worker lists oldest first). */
export function newestFirst(rows: readonly TransactionRow[]): TransactionRow[] {
  return [...rows].sort((a, b) => (a.date !== b.date ? (a.date < b.date ? 1 : -1) : a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}

/** Per kind, what the "price / amount" column holds: a unit price, a cash amount, a ratio or a conversion. */
export type AmountCell =
  | { type: 'price'; value: string; currency: string }
  | { type: 'amount'; value: string; currency: string }
  | { type: 'ratio'; value: string }
  | { type: 'conversion'; value: string; currency: string; toValue: string; toCurrency: string }
  | { type: 'none' };

export function amountCell(t: TransactionRow): AmountCell {
  if (t.kind === 'split' && t.ratio) return { type: 'ratio', value: t.ratio };
  if (t.kind === 'fx_conversion' && t.amount && t.toAmount && t.toCurrency) return { type: 'conversion', value: t.amount, currency: t.currency, toValue: t.toAmount, toCurrency: t.toCurrency };
  if (t.price !== undefined) return { type: 'price', value: t.price, currency: t.currency };
  if (t.amount !== undefined) return { type: 'amount', value: t.amount, currency: t.currency };
  return { type: 'none' };
}

const KIND_LABELS: Record<TransactionKind, string> = {
  buy: 'Buy',
  sell: 'Sell',
  dividend: 'Dividend',
  drip: 'Reinvested dividend',
  interest: 'Interest',
  fee: 'Account fee',
  withholding_tax: 'Withholding tax',
  deposit: 'Deposit',
  withdrawal: 'Withdrawal',
  transfer: 'Transfer',
  split: 'Split',
  return_of_capital: 'Return of capital',
  fx_conversion: 'Currency conversion',
  opening_position: 'Opening position',
};

export function kindLabel(kind: TransactionKind): string {
  return KIND_LABELS[kind];
}

/** Sync conflicts of one portfolio, by transaction id (a transaction may have several). */
export function conflictsByTransaction(overview: SyncOverview | null, portfolioId: string): Map<string, string[]> {
  const byId = new Map<string, string[]>();
  for (const c of overview?.conflicts ?? []) {
    if (c.portfolioId !== portfolioId) continue;
    byId.set(c.transactionId, [...(byId.get(c.transactionId) ?? []), c.message]);
  }
  return byId;
}
