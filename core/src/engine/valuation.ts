import type { SeriesPoint } from '../fx/dated-series';
import { isMissingFx, type FxRates } from '../fx/fx-rates';
import { div, isZero, mul, sub, ZERO, type Decimal } from '../money/decimal';
import type { PriceBook } from './price-book';
import type { DataGap, Position } from './types';

/** A position valued on a date, in its own currency and the base currency. */
/** A position valued on a date. Its open lots are not carried (they are asked for with
 * `getLots`): a holdings summary crosses to the UI on every change. */
export interface HoldingValue extends Omit<Position, 'lots'> {
  averageCostLocal: Decimal;
  price?: SeriesPoint;
  /** Null when the price or the valuation-date FX rate is missing (see `gaps`). */
  marketValueLocal: Decimal | null;
  marketValueBase: Decimal | null;
  unrealizedBase: Decimal | null;
  /** (market value − cost) in the trade currency, at today's rate. */
  priceGainBase: Decimal | null;
  /** What the currency move did to the cost: cost at today's rate − cost at trade-date rates. */
  currencyGainBase: Decimal | null;
  gaps: DataGap[];
}

export interface CashValue {
  accountId: string;
  currency: string;
  amount: Decimal;
  amountBase: Decimal | null;
  gaps: DataGap[];
}

export interface ValuationContext {
  baseCurrency: string;
  prices: PriceBook;
  fx: FxRates;
}

function rateOn(context: ValuationContext, currency: string, date: string): { rate?: Decimal; gap?: DataGap } {
  const quote = context.fx.quote(currency, context.baseCurrency, date);
  return isMissingFx(quote) ? { gap: quote } : { rate: quote.rate };
}

/**
 * Values positions on `date`: market value at that day's price (latest on or before) and
 * FX rate; cost stays at trade-date rates, so unrealized gain splits into price and currency.
 */
export function valuePosition(position: Position, date: string, context: ValuationContext): HoldingValue {
  const gaps: DataGap[] = position.fxGap ? [position.fxGap] : [];
  const price = context.prices.at(position.symbol, date);
  const { rate, gap } = rateOn(context, position.currency, date);
  if (gap) gaps.push(gap);
  if (!price) gaps.push({ kind: 'missing_price', symbol: position.symbol, date });
  const averageCostLocal = isZero(position.quantity) ? ZERO : div(position.costLocal, position.quantity);
  const marketValueLocal = price ? mul(position.quantity, price.value) : null;
  const marketValueBase = marketValueLocal !== null && rate !== undefined ? mul(marketValueLocal, rate) : null;
  const costKnown = !position.fxGap;
  const costAtTodayRate = rate !== undefined ? mul(position.costLocal, rate) : null;
  // Written out field by field: spreading the position and a conditional `{ price }` into a
  // literal takes V8's slow object-building path, most of a holdings summary's time.
  const value: HoldingValue = {
    accountId: position.accountId,
    symbol: position.symbol,
    currency: position.currency,
    quantity: position.quantity,
    costLocal: position.costLocal,
    costBase: position.costBase,
    fxGap: position.fxGap,
    averageCostLocal,
    marketValueLocal,
    marketValueBase,
    unrealizedBase: marketValueBase !== null && costKnown ? sub(marketValueBase, position.costBase) : null,
    priceGainBase: marketValueBase !== null && costAtTodayRate !== null ? sub(marketValueBase, costAtTodayRate) : null,
    currencyGainBase: costAtTodayRate !== null && costKnown ? sub(costAtTodayRate, position.costBase) : null,
    gaps,
  };
  if (price) value.price = price;
  return value;
}

export function valueCash(accountId: string, currency: string, amount: Decimal, date: string, context: ValuationContext): CashValue {
  const { rate, gap } = rateOn(context, currency, date);
  return { accountId, currency, amount, amountBase: rate !== undefined ? mul(amount, rate) : null, gaps: gap ? [gap] : [] };
}
