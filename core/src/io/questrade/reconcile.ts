/**
 * Reconciliation: does the engine agree with Questrade? Per account, the engine's quantity of
 * each symbol is compared with Questrade's open quantity, and its cash per currency with
 * Questrade's per-currency cash balance. Every difference comes with the transactions that
 * explain it (the account's transactions in that symbol or currency), the activities still
 * waiting for review that touch it, and a hint saying what is most likely missing.
 *
 * Pure: the handler gathers the engine's figures and the server's snapshot. Quantities and
 * amounts are compared exactly (JSON numbers read through their shortest text), so a
 * difference of a tenth of a cent is still shown, labelled as rounding.
 */
import type { ImportReviewRow, TransactionRow } from '../../db/rows';
import { abs, cmp, dec, isZero, sub, toDecimalString, ZERO, type Decimal } from '../../money/decimal';
import { numberText } from './activity-mapping';
import type { QuestradeBalances, QuestradePosition } from './questrade-api-types';

/** The server's last synced snapshot of one account (GET …/connections/:id/holdings). */
export interface QuestradeAccountSnapshot {
  number: string;
  accountId: string;
  positions: QuestradePosition[];
  balances: QuestradeBalances;
}

/** What the engine holds in one account. `cash` is null when the account's cash is not tracked. */
export interface EngineAccountState {
  positions: { symbol: string; quantity: Decimal }[];
  cash: { currency: string; amount: Decimal }[] | null;
}

export interface ReconcileInput {
  asOf: string;
  accounts: QuestradeAccountSnapshot[];
  engine: ReadonlyMap<string, EngineAccountState>;
  /** Transactions of these accounts (any order). */
  transactions: readonly TransactionRow[];
  /** Open review items of these accounts. */
  reviews?: readonly ImportReviewRow[];
}

export interface Explanation {
  /** The account's transactions that move this symbol or currency, newest first (at most MAX_EXPLAINING). */
  transactions: TransactionRow[];
  /** How many there are in all. */
  transactionCount: number;
  /** Activities waiting for review that touch it. */
  reviews: ImportReviewRow[];
  /** What is most likely missing, in words. */
  hints: string[];
}

export interface PositionDifference extends Explanation {
  symbol: string;
  /** Decimal strings. `difference` = questrade − engine. */
  questrade: string;
  engine: string;
  difference: string;
}

export interface CashDifference extends Explanation {
  currency: string;
  questrade: string;
  /** null: the account's cash is not tracked in Folio. */
  engine: string | null;
  difference: string | null;
}

export interface AccountReconciliation {
  accountId: string;
  number: string;
  matches: boolean;
  /** How many symbols and currencies were compared and agree. */
  matched: { positions: number; currencies: number };
  positions: PositionDifference[];
  cash: CashDifference[];
}

export interface Reconciliation {
  asOf: string;
  accounts: AccountReconciliation[];
}

export const MAX_EXPLAINING = 20;
const CENT = dec('0.01');

const readNumber = (value: unknown): Decimal | undefined => {
  const text = numberText(value);
  return text === undefined ? undefined : dec(text);
};

/** Symbols moved by a transaction (its own symbol). */
const movesSymbol = (row: TransactionRow, symbol: string) => row.symbol?.toUpperCase() === symbol && row.kind !== 'dividend' && row.kind !== 'withholding_tax' && row.kind !== 'return_of_capital';
/** Whether a transaction moves cash of `currency` in `accountId`. */
const movesCash = (row: TransactionRow, currency: string, accountId: string) =>
  row.currency === currency ? !(row.kind === 'transfer' && row.symbol !== undefined) && row.kind !== 'split' : row.kind === 'fx_conversion' && row.toCurrency === currency && row.accountId === accountId;

const newestFirst = (a: TransactionRow, b: TransactionRow) => (a.date === b.date ? (a.id < b.id ? 1 : -1) : a.date < b.date ? 1 : -1);

/** Compares the engine with Questrade's snapshot, account by account. */
export function reconcileQuestrade(input: ReconcileInput): Reconciliation {
  return { asOf: input.asOf, accounts: input.accounts.map((snapshot) => reconcileAccount(snapshot, input)) };
}

function reconcileAccount(snapshot: QuestradeAccountSnapshot, input: ReconcileInput): AccountReconciliation {
  const { accountId } = snapshot;
  const state = input.engine.get(accountId) ?? { positions: [], cash: null };
  const rows = input.transactions.filter((t) => t.accountId === accountId || t.toAccountId === accountId);
  const reviews = (input.reviews ?? []).filter((r) => r.accountId === accountId && !r.status);
  const firstDate = rows.reduce<string | undefined>((first, t) => (first === undefined || t.date < first ? t.date : first), undefined);

  const explain = (matching: TransactionRow[], touched: ImportReviewRow[], hints: string[]): Explanation => ({
    transactions: [...matching].sort(newestFirst).slice(0, MAX_EXPLAINING),
    transactionCount: matching.length,
    reviews: touched,
    hints: [...(touched.length ? [`${touched.length} imported ${touched.length === 1 ? 'activity waits' : 'activities wait'} for review here: resolving ${touched.length === 1 ? 'it' : 'them'} may close the gap`] : []), ...hints],
  });

  // Positions: every symbol either side holds.
  const engineQty = new Map<string, Decimal>();
  for (const p of state.positions) engineQty.set(p.symbol.toUpperCase(), p.quantity);
  const questradeQty = new Map<string, Decimal>();
  for (const p of snapshot.positions) {
    const quantity = readNumber(p.openQuantity);
    if (quantity !== undefined && !isZero(quantity)) questradeQty.set(p.symbol.trim().toUpperCase(), quantity);
  }
  const positions: PositionDifference[] = [];
  let matchedPositions = 0;
  for (const symbol of [...new Set([...engineQty.keys(), ...questradeQty.keys()])].sort()) {
    const theirs = questradeQty.get(symbol) ?? ZERO;
    const ours = engineQty.get(symbol) ?? ZERO;
    const difference = sub(theirs, ours);
    if (isZero(difference)) {
      matchedPositions++;
      continue;
    }
    const matching = rows.filter((t) => movesSymbol(t, symbol));
    const touched = reviews.filter((r) => reviewSymbol(r) === symbol);
    positions.push({ symbol, questrade: toDecimalString(theirs), engine: toDecimalString(ours), difference: toDecimalString(difference), ...explain(matching, touched, positionHints(symbol, difference, matching, firstDate)) });
  }

  // Cash: every currency either side has.
  const engineCash = state.cash === null ? null : new Map(state.cash.map((c) => [c.currency, c.amount]));
  const questradeCash = new Map<string, Decimal>();
  for (const b of snapshot.balances.perCurrencyBalances ?? []) {
    const amount = readNumber(b.cash);
    if (amount !== undefined) questradeCash.set(b.currency.toUpperCase(), amount);
  }
  const cash: CashDifference[] = [];
  let matchedCurrencies = 0;
  for (const currency of [...new Set([...questradeCash.keys(), ...(engineCash?.keys() ?? [])])].sort()) {
    const theirs = questradeCash.get(currency) ?? ZERO;
    const matching = rows.filter((t) => movesCash(t, currency, accountId));
    const touched = reviews.filter((r) => reviewCurrency(r) === currency);
    if (engineCash === null) {
      if (isZero(theirs)) {
        matchedCurrencies++;
        continue;
      }
      cash.push({
        currency,
        questrade: toDecimalString(theirs),
        engine: null,
        difference: null,
        ...explain(matching, touched, ['Folio does not track this account\u2019s cash: no deposit, withdrawal, cash transfer or conversion was imported. Add the opening cash balance as a deposit to track it.']),
      });
      continue;
    }
    const ours = engineCash.get(currency) ?? ZERO;
    const difference = sub(theirs, ours);
    if (isZero(difference)) {
      matchedCurrencies++;
      continue;
    }
    cash.push({ currency, questrade: toDecimalString(theirs), engine: toDecimalString(ours), difference: toDecimalString(difference), ...explain(matching, touched, cashHints(currency, difference, matching, firstDate)) });
  }

  return {
    accountId,
    number: snapshot.number,
    matches: positions.length === 0 && cash.length === 0,
    matched: { positions: matchedPositions, currencies: matchedCurrencies },
    positions,
    cash,
  };
}

function positionHints(symbol: string, difference: Decimal, matching: TransactionRow[], firstDate: string | undefined): string[] {
  const more = cmp(difference, ZERO) > 0;
  const size = toDecimalString(abs(difference));
  const units = `${size} unit${size === '1' ? '' : 's'}`;
  if (!matching.length) {
    return more
      ? [`No imported activity moves ${symbol}: ${units} bought or transferred in before the first imported activity${firstDate ? ` (${firstDate})` : ''} are missing — add them as an opening position or a transfer-in`]
      : [`Folio holds ${size} ${symbol} that Questrade does not: the sale, transfer-out or expiry is missing, or the position belongs to another account`];
  }
  const first = [...matching].sort((a, b) => (a.date < b.date ? -1 : 1))[0]!;
  if (more) {
    return first.kind === 'sell' || first.kind === 'transfer'
      ? [`The first imported ${symbol} activity (${first.date}) takes units out: a transfer-in or purchase before it is missing (${units})`]
      : [`Questrade holds ${size} more ${symbol}: a purchase, transfer-in or split is missing`];
  }
  return [`Folio holds ${size} more ${symbol} than Questrade: a sale, transfer-out, option expiry or consolidation is missing`];
}

function cashHints(currency: string, difference: Decimal, matching: TransactionRow[], firstDate: string | undefined): string[] {
  const size = toDecimalString(abs(difference));
  if (cmp(abs(difference), CENT) < 0) return [`Less than a cent (${size} ${currency}): rounding in Questrade\u2019s quoted prices or amounts`];
  const hints = [
    cmp(difference, ZERO) > 0
      ? `Questrade has ${size} ${currency} more cash: a deposit, sale, dividend or conversion into ${currency} is missing${firstDate ? `, possibly before the first imported activity (${firstDate})` : ''}`
      : `Folio has ${size} ${currency} more cash: a withdrawal, purchase, fee or conversion out of ${currency} is missing, or was counted twice`,
  ];
  if (!matching.length) hints.push(`No imported transaction moves ${currency} in this account`);
  return hints;
}

function rawOf(review: ImportReviewRow): { symbol?: unknown; currency?: unknown } {
  try {
    const raw = JSON.parse(review.raw) as unknown;
    return raw && typeof raw === 'object' ? (raw as { symbol?: unknown; currency?: unknown }) : {};
  } catch {
    return {};
  }
}

const reviewSymbol = (review: ImportReviewRow) => {
  const symbol = rawOf(review).symbol;
  return typeof symbol === 'string' && symbol.trim() ? symbol.trim().toUpperCase() : undefined;
};
const reviewCurrency = (review: ImportReviewRow) => {
  const currency = rawOf(review).currency;
  return typeof currency === 'string' ? currency.trim().toUpperCase() : undefined;
};
