/**
 * Questrade activity export (Transaction Date, Settlement Date, Action, Symbol, Description,
 * Quantity, Price, Gross Amount, Commission, Net Amount, Currency, Account #, Activity Type,
 * Account Type) → transaction inputs, through the same preview as the generic CSV import.
 *
 * Sources disagree on signs (buys with negative or positive net, sells with negative
 * quantity or not), so direction is read from Activity Type and Action, and sizes are taken
 * as absolute values. The sign is only used where it is the sole information: fee vs
 * rebate, interest earned vs charged, and which leg of an FX conversion is the source.
 */
import { CoreError, type FieldIssue } from '../errors';
import { add, cmp, dec, isDecimalString, toDecimalString, ZERO } from '../money/decimal';
import { absDecimalString, buildPreview, type ExistingKeys, type ImportCandidate, type ImportPreview } from './import-preview';

export const QUESTRADE_SOURCE = 'questrade-csv';

const COLUMNS = {
  date: 'Transaction Date', action: 'Action', symbol: 'Symbol', description: 'Description', quantity: 'Quantity',
  price: 'Price', commission: 'Commission', net: 'Net Amount', currency: 'Currency', account: 'Account #', type: 'Activity Type',
} as const;
type Column = keyof typeof COLUMNS;

export interface QuestradeOptions {
  /** The local account id for a Questrade account number. */
  accountIdFor(accountNumber: string): string;
  today: string;
  existing?: ExistingKeys;
  /** File line of each row (from `readCsv`); defaults to row index + 2. */
  lines?: number[];
}

interface Leg { line: number; accountId: string; date: string; currency: string; net: string; externalId: string }

const WITHHELD = /NON-RES TAX WITHHELD\s+([A-Z]{3})\s+([\d,]*\.?\d+)/i;
const decimalOr = (value: string) => (isDecimalString(value) ? toDecimalString(dec(value)) : value.trim());
const sign = (value: string) => (isDecimalString(value) ? cmp(dec(value), ZERO) : 0);

/**
 * Maps a Questrade activity export to an import preview. Unknown activity types (transfers,
 * journals, corporate actions) and unpaired FX legs become error rows, so the all-or-nothing
 * import refuses the file until they are reviewed.
 */
export function mapQuestradeExport(headers: readonly string[], rows: readonly string[][], options: QuestradeOptions): ImportPreview {
  const index = {} as Record<Column, number>;
  const missing: string[] = [];
  for (const [key, name] of Object.entries(COLUMNS) as [Column, string][]) {
    index[key] = headers.findIndex((h) => h.trim().toLowerCase() === name.toLowerCase());
    if (index[key] < 0) missing.push(name);
  }
  if (missing.length) {
    throw new CoreError('invalid_input', `Not a Questrade activity export: missing column(s) ${missing.join(', ')}`, missing.map((name) => ({ field: name, message: 'Column is missing' })));
  }
  const candidates: ImportCandidate[] = [];
  const pendingLegs: Leg[] = [];
  const occurrences = new Map<string, number>();

  rows.forEach((cells, i) => {
    const line = options.lines?.[i] ?? i + 2;
    const get = (key: Column) => (cells[index[key]] ?? '').trim();
    const account = get('account');
    const date = /^\d{4}-\d{2}-\d{2}/.exec(get('date'))?.[0] ?? get('date');
    const action = get('action');
    const type = get('type');
    const net = get('net');
    const baseKey = `qt:${account}:${date}:${action}:${get('symbol')}:${decimalOr(get('quantity'))}:${decimalOr(net)}`;
    const n = (occurrences.get(baseKey) ?? 0) + 1;
    occurrences.set(baseKey, n);
    const common = { accountId: options.accountIdFor(account), date, currency: get('currency'), externalId: `${baseKey}:${n}`, source: QUESTRADE_SOURCE };
    const description = get('description');
    const note = description || undefined;
    const emit = (input: Record<string, unknown>, issues?: FieldIssue[]) => candidates.push({ line, input: { ...common, ...input }, ...(issues ? { issues } : {}) });
    const upperAction = action.toUpperCase();

    switch (type.toLowerCase()) {
      case 'trades':
        if (upperAction !== 'BUY' && upperAction !== 'SELL') break;
        return emit({
          kind: upperAction === 'BUY' ? 'buy' : 'sell',
          symbol: get('symbol'),
          quantity: absDecimalString(get('quantity')),
          price: get('price'),
          fee: absDecimalString(get('commission')),
        });
      case 'dividends': {
        if (upperAction !== 'DIV') break;
        const amount = absDecimalString(net);
        const withheld = WITHHELD.exec(description);
        if (!withheld || amount === undefined || !isDecimalString(amount)) return emit({ kind: 'dividend', symbol: get('symbol'), amount, note });
        const [, taxCurrency = '', taxText = ''] = withheld;
        const tax = taxText.replace(/,/g, '');
        if (taxCurrency.toUpperCase() !== common.currency.toUpperCase()) {
          return emit({ kind: 'dividend', symbol: get('symbol'), amount, note }, [{ field: 'currency', message: `Tax withheld in ${taxCurrency} on a ${common.currency} dividend — needs review` }]);
        }
        emit({ kind: 'dividend', symbol: get('symbol'), amount: toDecimalString(add(dec(amount), dec(tax))), note });
        return emit({ kind: 'withholding_tax', symbol: get('symbol'), amount: tax, note, externalId: `${common.externalId}:tax` });
      }
      case 'interest':
        // Interest charged (negative net, e.g. margin interest) is a cost, not income.
        return sign(net) < 0
          ? emit({ kind: 'fee', amount: absDecimalString(net), note: `Interest charged: ${description}` })
          : emit({ kind: 'interest', amount: net, note });
      case 'deposits':
        return emit({ kind: 'deposit', amount: absDecimalString(net), note });
      case 'withdrawals':
        return emit({ kind: 'withdrawal', amount: absDecimalString(net), note });
      case 'fees and rebates':
        // A positive net is a rebate: money the broker pays back is income, so it is recorded as
        // `interest` (the only cash-income kind without a security) and labelled in the note.
        return sign(net) > 0
          ? emit({ kind: 'interest', amount: net, note: `Fee rebate: ${description}` })
          : emit({ kind: 'fee', amount: absDecimalString(net), note });
      case 'fx conversion': {
        if (upperAction !== 'FXT') break;
        const leg: Leg = { line, accountId: common.accountId, date, currency: common.currency, net, externalId: common.externalId };
        const mate = pendingLegs.findIndex((p) => p.accountId === leg.accountId && p.date === leg.date && p.currency !== leg.currency && sign(p.net) * sign(leg.net) < 0);
        if (mate < 0) return void pendingLegs.push(leg);
        const [other] = pendingLegs.splice(mate, 1);
        const [from, to] = sign(leg.net) < 0 ? [leg, other!] : [other!, leg];
        candidates.push({
          line: Math.min(from.line, to.line),
          input: { ...common, kind: 'fx_conversion', currency: from.currency, amount: absDecimalString(from.net), toCurrency: to.currency, toAmount: to.net, externalId: from.externalId, note },
        });
        return;
      }
    }
    emit({}, [{ field: 'kind', message: `Unknown Questrade activity "${type}/${action}" — needs review` }]);
  });

  for (const leg of pendingLegs) {
    candidates.push({
      line: leg.line,
      input: {},
      issues: [{ field: 'kind', message: `FX conversion leg (${leg.net} ${leg.currency}) has no opposite leg on ${leg.date} in the same account — needs review` }],
    });
  }
  candidates.sort((a, b) => a.line - b.line);
  return buildPreview(candidates, options.today, options.existing);
}
