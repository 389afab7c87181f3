import { isMissingFx, type FxRates, type MissingFx } from '../fx/fx-rates';
import { mul, neg, ONE, type Decimal, ZERO } from '../money/decimal';
import type { EngineTx } from './parse';
import type { IncomeEvent } from './types';

/** An amount in the base currency, or the rate that was missing to compute it. */
export type Converted = Decimal | MissingFx;

export const knownValue = (c: Converted): Decimal => (typeof c === 'bigint' ? c : ZERO);
export const missingRate = (c: Converted): MissingFx | undefined => (typeof c === 'bigint' ? undefined : c);

/** The rate from `currency` into the base currency for a transaction: its broker rate, else the series. */
export function rateFor(tx: EngineTx, currency: string, baseCurrency: string, fx: FxRates): Decimal | MissingFx {
  if (currency === baseCurrency) return ONE;
  if (tx.fxRate !== undefined && currency === tx.currency) return tx.fxRate;
  const quote = fx.quote(currency, baseCurrency, tx.date, tx.day);
  return isMissingFx(quote) ? quote : quote.rate;
}

export function convert(tx: EngineTx, amount: Decimal, baseCurrency: string, fx: FxRates, currency = tx.currency): Converted {
  if (currency === baseCurrency) return amount;
  const rate = rateFor(tx, currency, baseCurrency, fx);
  return typeof rate === 'bigint' ? mul(amount, rate) : rate;
}

const INCOME_SIGN: Partial<Record<EngineTx['kind'], 1 | -1>> = { dividend: 1, interest: 1, withholding_tax: -1, fee: -1, return_of_capital: 1 };

/**
 * Income and charges, derived from the transactions alone (they do not depend on what is
 * held), so the ledger's fold does not have to keep them: dividends, DRIPs (gross value
 * reinvested), interest, withholding tax and fees (negative), and return of capital. A fee
 * on another transaction that is not a trade (an FX conversion's, a transfer's…) is a fee event
 * of its own, with that transaction's id.
 */
export function incomeEvents(txs: readonly EngineTx[], baseCurrency: string, fx: FxRates, accounts?: ReadonlySet<string>): IncomeEvent[] {
  const events: IncomeEvent[] = [];
  for (const tx of txs) {
    if (accounts && !accounts.has(tx.accountId)) continue;
    const sign = INCOME_SIGN[tx.kind];
    if (tx.kind === 'drip') events.push(incomeEvent(tx, tx.kind, tx.gross!, baseCurrency, fx));
    else if (sign !== undefined) events.push(incomeEvent(tx, tx.kind as IncomeEvent['kind'], sign === 1 ? tx.amount! : neg(tx.amount!), baseCurrency, fx));
    // A fee charged on a transaction that is not a trade (see EngineTx.chargedFee) is a fee event of its own.
    if (tx.chargedFee !== undefined) events.push(incomeEvent(tx, 'fee', neg(tx.chargedFee), baseCurrency, fx));
  }
  return events;
}

function incomeEvent(tx: EngineTx, kind: IncomeEvent['kind'], amountLocal: Decimal, baseCurrency: string, fx: FxRates): IncomeEvent {
  const base = convert(tx, amountLocal, baseCurrency, fx);
  return {
    transactionId: tx.id,
    accountId: tx.accountId,
    date: tx.date,
    kind,
    symbol: tx.symbol,
    currency: tx.currency,
    amountLocal,
    amountBase: knownValue(base),
    fxGap: missingRate(base),
  };
}

/** Units acquired by purchase (buy, DRIP, opening position), for superficial-loss checks. */
export function acquisitions(txs: readonly EngineTx[], accounts?: ReadonlySet<string>) {
  return txs
    .filter((tx) => (tx.kind === 'buy' || tx.kind === 'drip' || tx.kind === 'opening_position') && (!accounts || accounts.has(tx.accountId)))
    .map((tx) => ({ transactionId: tx.id, accountId: tx.accountId, date: tx.date, symbol: tx.symbol!, quantity: tx.quantity! }));
}
