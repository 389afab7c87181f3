import type { SeriesPoint } from '../fx/dated-series';
import { isMissingFx } from '../fx/fx-rates';
import { add, fromExact, mulExact, neg, ONE, sub, ZERO, type Decimal } from '../money/decimal';
import { fromEpochDay, toEpochDay } from '../time/days';
import { Ledger, type LedgerOptions } from './ledger';
import type { EngineTx } from './parse';
import type { DataGap, ValuationPoint } from './types';
import type { ValuationContext } from './valuation';

/** What a series measures: some accounts (all when omitted), optionally one holding in them. */
export interface SeriesScope {
  id: string;
  accounts?: ReadonlySet<string>;
  symbol?: string;
}

export interface ScopedSeries {
  points: ValuationPoint[];
  /** Prices or rates that were missing on some day: the series is incomplete where they apply. */
  gaps: DataGap[];
}

/**
 * Replays transactions day by day from the first one to `to` and values every scope at each
 * day's end, with that day's external flows. One sweep serves all scopes; prices and rates
 * advance with forward cursors, so the cost is O(days × positions + transactions).
 *
 * Flows of an account scope are deposits, withdrawals, implicit deposits and transfers across
 * the scope's boundary (a transfer between two accounts in the scope nets to zero). A holding
 * scope treats money spent on it as flowing in and money it pays out (sales, dividends, return
 * of capital) as flowing out, so its TWR is the holding's total return.
 */
export function dailySeries(
  txs: readonly EngineTx[],
  ledgerOptions: LedgerOptions,
  context: ValuationContext,
  to: string,
  scopes: readonly SeriesScope[],
): Map<string, ScopedSeries> {
  const result = new Map<string, ScopedSeries>(scopes.map((s) => [s.id, { points: [], gaps: [] }]));
  if (txs.length === 0) return result;
  const ledger = new Ledger(ledgerOptions);
  const seenGaps = new Map<string, Set<string>>(scopes.map((s) => [s.id, new Set()]));
  const addGap = (scope: SeriesScope, gap: DataGap) => {
    const id = gap.kind === 'missing_price' ? `p:${gap.symbol}` : `f:${gap.from}${gap.to}`;
    const seen = seenGaps.get(scope.id)!;
    if (!seen.has(id)) {
      seen.add(id);
      result.get(scope.id)!.gaps.push(gap);
    }
  };
  const inScope = (scope: SeriesScope, accountId: string) => !scope.accounts || scope.accounts.has(accountId);
  // Instruments get dense indexes; each scope keeps its total quantity per instrument, updated
  // only by the transactions that change it, so a day costs O(instruments held), not O(positions).
  const instrumentIndex = new Map<string, number>();
  const cursors: ((day: number) => SeriesPoint | undefined)[] = [];
  const instrumentSymbol: string[] = [];
  const instrumentCurrency: string[] = [];
  const quantities = scopes.map(() => [] as Decimal[]);
  const indexOf = (symbol: string, currency: string) => {
    let index = instrumentIndex.get(symbol);
    if (index === undefined) {
      index = cursors.length;
      instrumentIndex.set(symbol, index);
      cursors.push(context.prices.cursor(symbol));
      instrumentSymbol.push(symbol);
      instrumentCurrency.push(currency);
      for (const q of quantities) q.push(ZERO);
    }
    return index;
  };
  const held = (accountId: string, symbol: string) => ledger.positions.get(`${accountId}\u0000${symbol}`)?.quantity ?? ZERO;

  const lastDay = toEpochDay(to);
  let index = 0;
  const flows = new Map<string, Decimal>();
  for (let day = txs[0]!.day; day <= lastDay; day += 1) {
    const date = fromEpochDay(day);
    for (const scope of scopes) flows.set(scope.id, ZERO);
    while (index < txs.length && txs[index]!.day === day) {
      const tx = txs[index]!;
      const flowsBefore = ledger.flows.length;
      const touched = tx.symbol === undefined ? [] : tx.toAccountId !== undefined ? [tx.accountId, tx.toAccountId] : [tx.accountId];
      const before = touched.map((accountId) => held(accountId, tx.symbol!));
      ledger.apply(tx);
      if (tx.symbol !== undefined) {
        const instrument = indexOf(tx.symbol, tx.currency);
        touched.forEach((accountId, i) => {
          const delta = sub(held(accountId, tx.symbol!), before[i]!);
          if (delta === ZERO) return;
          scopes.forEach((scope, s) => {
            if (inScope(scope, accountId) && (scope.symbol === undefined || scope.symbol === tx.symbol)) quantities[s]![instrument] = add(quantities[s]![instrument]!, delta);
          });
        });
      }
      for (const scope of scopes) {
        const flow = scope.symbol === undefined ? accountFlow(ledger, flowsBefore, scope, inScope) : holdingFlow(ledger, tx, flowsBefore, scope, inScope);
        if (flow.gap) addGap(scope, flow.gap);
        if (flow.value !== ZERO) flows.set(scope.id, add(flows.get(scope.id)!, flow.value));
      }
      index += 1;
    }

    // Per scope and currency, the exact sum of quantity × price (scale 36) and cash (scaled
    // up to 36); each sum is converted and rounded once, so there is no per-position rounding.
    const prices = cursors.map((cursor) => cursor(day));
    const values = new Map<string, Decimal>();
    scopes.forEach((scope, s) => {
      const sums = new Map<string, bigint>();
      const quantity = quantities[s]!;
      for (let i = 0; i < quantity.length; i += 1) {
        if (quantity[i] === ZERO) continue;
        const price = prices[i];
        if (!price) {
          addGap(scope, { kind: 'missing_price', symbol: instrumentSymbol[i]!, date });
          continue;
        }
        const currency = instrumentCurrency[i]!;
        sums.set(currency, (sums.get(currency) ?? 0n) + mulExact(quantity[i]!, price.value));
      }
      if (scope.symbol === undefined) {
        for (const [cashKey, amount] of ledger.cash) {
          if (amount === ZERO) continue;
          const separator = cashKey.indexOf('\u0000');
          if (!inScope(scope, cashKey.slice(0, separator))) continue;
          const currency = cashKey.slice(separator + 1);
          sums.set(currency, (sums.get(currency) ?? 0n) + amount * ONE);
        }
      }
      let total = ZERO;
      for (const [currency, exact] of sums) {
        const quote = context.fx.quote(currency, context.baseCurrency, date);
        if (isMissingFx(quote)) addGap(scope, quote);
        else total = add(total, fromExact(exact * quote.rate, 2));
      }
      values.set(scope.id, total);
    });
    for (const scope of scopes) result.get(scope.id)!.points.push({ date, value: values.get(scope.id)!, flow: flows.get(scope.id)! });
  }
  return result;
}

interface FlowPart {
  value: Decimal;
  gap?: DataGap;
}

function accountFlow(ledger: Ledger, from: number, scope: SeriesScope, inScope: (s: SeriesScope, a: string) => boolean): FlowPart {
  let value = ZERO;
  let gap: DataGap | undefined;
  for (let i = from; i < ledger.flows.length; i += 1) {
    const flow = ledger.flows[i]!;
    if (!inScope(scope, flow.accountId)) continue;
    value = add(value, flow.amountBase);
    gap ??= flow.fxGap;
  }
  return gap ? { value, gap } : { value };
}

function holdingFlow(ledger: Ledger, tx: EngineTx, flowsBefore: number, scope: SeriesScope, inScope: (s: SeriesScope, a: string) => boolean): FlowPart {
  if (tx.symbol !== scope.symbol) return { value: ZERO };
  if (tx.kind === 'transfer' || tx.kind === 'opening_position') {
    // The ledger already valued the units that moved, per account.
    let value = ZERO;
    let gap: DataGap | undefined;
    for (let i = flowsBefore; i < ledger.flows.length; i += 1) {
      const flow = ledger.flows[i]!;
      if (flow.transactionId !== tx.id || !inScope(scope, flow.accountId) || flow.implicit) continue;
      value = add(value, flow.amountBase);
      gap ??= flow.fxGap;
    }
    return gap ? { value, gap } : { value };
  }
  if (!inScope(scope, tx.accountId)) return { value: ZERO };
  let local: Decimal;
  switch (tx.kind) {
    case 'buy':
      local = tx.settlement!;
      break;
    case 'sell':
      local = neg(tx.settlement!);
      break;
    case 'dividend':
    case 'return_of_capital':
      local = neg(tx.amount!);
      break;
    case 'withholding_tax':
      local = tx.amount!;
      break;
    default:
      return { value: ZERO };
  }
  const converted = ledger.convert(tx, local);
  return typeof converted === 'bigint' ? { value: converted } : { value: ZERO, gap: converted };
}
