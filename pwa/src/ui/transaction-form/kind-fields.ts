import type { TransactionKind, TransactionRow } from '../../../../core/src/model/transaction';
import type { TransactionInput } from '../../../../core/src/model/transaction-schema';
import { dec } from '../../../../core/src/money/decimal';
import { formatMoney, formatQuantity } from '../format';

/**
 * Which fields each transaction kind asks for, in form order: the same table as
 * core/src/model/transaction.ts, for a person entering one by hand. Pure data and functions, so
 * the form's rules are tested without a browser.
 */
export type FieldName = 'symbol' | 'quantity' | 'price' | 'amount' | 'ratio' | 'currency' | 'toCurrency' | 'toAmount' | 'fee' | 'fxRate' | 'toAccountId';

/** A transfer moves cash (an amount) or securities (symbol and quantity). */
export type TransferMode = 'cash' | 'securities';

export interface KindInfo {
  kind: TransactionKind;
  label: string;
  group: 'Trades' | 'Income' | 'Cash' | 'Corporate actions and transfers';
  /** One line under the selector saying what the kind records. */
  help: string;
}

export const KINDS: KindInfo[] = [
  { kind: 'buy', label: 'Buy', group: 'Trades', help: 'Units bought: quantity, price per unit and commission.' },
  { kind: 'sell', label: 'Sell', group: 'Trades', help: 'Units sold: quantity, price per unit and commission.' },
  { kind: 'drip', label: 'DRIP (dividend reinvested)', group: 'Trades', help: 'A dividend reinvested in new units: units received and their price.' },
  { kind: 'opening_position', label: 'Opening position', group: 'Trades', help: 'A holding brought in with its known total cost, e.g. when starting to track an account.' },
  { kind: 'dividend', label: 'Dividend', group: 'Income', help: 'Cash dividend received, gross (before tax withheld).' },
  { kind: 'interest', label: 'Interest', group: 'Income', help: 'Interest paid into the account.' },
  { kind: 'return_of_capital', label: 'Return of capital', group: 'Income', help: 'Capital returned: reduces the holding’s cost basis.' },
  { kind: 'deposit', label: 'Deposit', group: 'Cash', help: 'Cash put into the account.' },
  { kind: 'withdrawal', label: 'Withdrawal', group: 'Cash', help: 'Cash taken out of the account.' },
  { kind: 'fee', label: 'Account fee', group: 'Cash', help: 'An account fee (not a trade commission).' },
  { kind: 'withholding_tax', label: 'Withholding tax', group: 'Cash', help: 'Tax withheld, as a positive amount; name the symbol when it is tied to a dividend.' },
  { kind: 'fx_conversion', label: 'FX conversion', group: 'Cash', help: 'An amount of one currency converted into another.' },
  { kind: 'transfer', label: 'Transfer (to another account)', group: 'Corporate actions and transfers', help: 'Cash or securities moved to another account of the same portfolio.' },
  { kind: 'split', label: 'Split or consolidation', group: 'Corporate actions and transfers', help: 'Units multiplied by new:old — 2:1 doubles them, 1:10 consolidates ten into one.' },
];

export const kindInfo = (kind: TransactionKind): KindInfo => KINDS.find((k) => k.kind === kind)!;

/** The kind in a sentence ("buy", "DRIP", "FX conversion"): the label without its aside, acronyms kept. */
export function kindPhrase(kind: TransactionKind): string {
  return kindInfo(kind)
    .label.split(' (')[0]!
    .split(' ')
    .map((word) => (word.length > 1 && word === word.toUpperCase() ? word : word.toLowerCase()))
    .join(' ');
}

/** The kind-specific fields shown (account, date and note are always there). */
export function fieldsFor(kind: TransactionKind, transfer: TransferMode = 'cash'): FieldName[] {
  switch (kind) {
    case 'buy':
    case 'sell':
      return ['symbol', 'quantity', 'price', 'fee', 'currency', 'fxRate'];
    case 'drip':
      return ['symbol', 'quantity', 'price', 'currency', 'fxRate'];
    case 'opening_position':
      return ['symbol', 'quantity', 'amount', 'currency', 'fxRate'];
    case 'dividend':
    case 'return_of_capital':
    case 'withholding_tax':
      return ['symbol', 'amount', 'currency', 'fxRate'];
    case 'interest':
    case 'deposit':
    case 'withdrawal':
    case 'fee':
      return ['amount', 'currency', 'fxRate'];
    case 'fx_conversion':
      return ['amount', 'currency', 'toAmount', 'toCurrency', 'fee', 'fxRate'];
    case 'transfer':
      return transfer === 'securities' ? ['toAccountId', 'symbol', 'quantity', 'currency'] : ['toAccountId', 'amount', 'currency'];
    case 'split':
      return ['symbol', 'ratio', 'currency'];
  }
}

/** Kinds whose symbol may be left blank. */
export const optionalSymbol = (kind: TransactionKind) => kind === 'withholding_tax';

export interface FieldText {
  label: string;
  placeholder?: string;
  inputMode: 'text' | 'decimal';
  hint?: string;
}

/** Labels that say what the number is, per kind (an "amount" is not the same thing everywhere). */
export function fieldText(name: FieldName, kind: TransactionKind, baseCurrency: string, currency: string): FieldText {
  switch (name) {
    case 'symbol':
      return { label: optionalSymbol(kind) ? 'Symbol (optional)' : 'Symbol', placeholder: 'AAPL, XEQT.TO', inputMode: 'text' };
    case 'quantity':
      return { label: kind === 'drip' ? 'Units received' : 'Quantity', placeholder: '10', inputMode: 'decimal' };
    case 'price':
      return { label: 'Price per unit', placeholder: '150.00', inputMode: 'decimal' };
    case 'amount': {
      const labels: Partial<Record<TransactionKind, string>> = {
        dividend: 'Amount received (gross)',
        return_of_capital: 'Capital returned (total)',
        withholding_tax: 'Tax withheld',
        opening_position: 'Total cost',
        fx_conversion: 'Amount converted',
        fee: 'Fee amount',
      };
      return { label: labels[kind] ?? 'Amount', placeholder: '100.00', inputMode: 'decimal' };
    }
    case 'ratio':
      return { label: 'Ratio (new:old)', placeholder: '2:1', inputMode: 'text', hint: '2:1 doubles the units; 1:10 turns ten into one.' };
    case 'currency':
      return { label: kind === 'fx_conversion' ? 'From currency' : 'Currency', placeholder: baseCurrency, inputMode: 'text' };
    case 'toCurrency':
      return { label: 'To currency', placeholder: 'USD', inputMode: 'text' };
    case 'toAmount':
      return { label: 'Amount received', placeholder: '72.00', inputMode: 'decimal' };
    case 'fee':
      return { label: kind === 'fx_conversion' ? 'Conversion fee' : 'Commission', placeholder: '0', inputMode: 'decimal' };
    case 'fxRate':
      return { label: `FX rate (${baseCurrency} per 1 ${currency || '…'})`, placeholder: '1.3500', inputMode: 'decimal' };
    case 'toAccountId':
      return { label: 'To account', inputMode: 'text' };
  }
}

/** Whether the FX rate field applies: money in a currency other than the base currency. */
export function needsFxRate(kind: TransactionKind, fields: readonly FieldName[], currency: string, baseCurrency: string): boolean {
  const code = currency.trim().toUpperCase();
  return fields.includes('fxRate') && kind !== 'split' && /^[A-Z]{3}$/.test(code) && code !== baseCurrency.toUpperCase();
}

/** The form's values by input name, as the browser gives them (strings). */
export type FormValues = Partial<Record<FieldName | 'date' | 'note', string>>;

/**
 * The API input for the shown fields only: values of fields hidden by the kind are left out, so
 * a quantity typed before switching to "Deposit" is not sent. The core validates everything.
 */
export function buildInput(kind: TransactionKind, accountId: string, values: FormValues, shown: readonly FieldName[]): TransactionInput {
  const input: Record<string, unknown> = { kind, accountId };
  for (const name of ['date', 'currency', 'note', ...shown] as const) {
    const value = (values[name] ?? '').trim();
    // Blank is left out, so the core says "Quantity is required", not "must be a number".
    if (value) input[name] = name === 'symbol' || name === 'currency' || name === 'toCurrency' ? value.toUpperCase() : value;
  }
  return input as unknown as TransactionInput;
}

/** A stored transaction as form values (for `?edit=`), with the transfer mode it used. */
export function valuesOf(row: TransactionRow): { values: FormValues; transfer: TransferMode } {
  const values: FormValues = { date: row.date, currency: row.currency };
  for (const key of ['symbol', 'quantity', 'price', 'amount', 'ratio', 'toCurrency', 'toAmount', 'fee', 'fxRate', 'toAccountId', 'note'] as const) {
    const value = row[key];
    if (value !== undefined) values[key] = value;
  }
  return { values, transfer: row.kind === 'transfer' && row.symbol !== undefined ? 'securities' : 'cash' };
}

/** What was saved, in words, for the status line ("buy 10 AAPL on 2025-01-10"), numbers in the user's locale. */
export function describeSaved(row: TransactionRow, locale?: string): string {
  const parts = [kindPhrase(row.kind)];
  if (row.quantity !== undefined) parts.push(formatQuantity(dec(row.quantity), locale));
  if (row.symbol !== undefined) parts.push(row.symbol);
  if (row.amount !== undefined) parts.push(formatMoney(dec(row.amount), row.currency, locale));
  if (row.ratio !== undefined) parts.push(row.ratio);
  if (row.toAmount !== undefined && row.toCurrency !== undefined) parts.push(`→ ${formatMoney(dec(row.toAmount), row.toCurrency, locale)}`);
  return `${parts.join(' ')} on ${row.date}`;
}
