import type { Decimal } from '../money/decimal';
import type { MissingFx } from '../fx/fx-rates';

export type CostBasisMethod = 'average' | 'fifo' | 'lifo' | 'specific';

/** Units bought together (a buy, DRIP, opening position or transferred-in lot). */
export interface Lot {
  /** The id of the transaction that opened the lot (a transfer keeps the original id). */
  id: string;
  accountId: string;
  symbol: string;
  date: string;
  quantity: Decimal;
  /** Remaining cost in the trade currency, commissions included. */
  costLocal: Decimal;
  /** Remaining cost in the base currency at the trade-date rate. */
  costBase: Decimal;
  /** Set when the trade-date FX rate was missing: costBase is then not known. */
  fxGap?: MissingFx;
}

/** What one account holds of one instrument, with its cost basis. */
export interface Position {
  accountId: string;
  symbol: string;
  /** The currency the instrument trades in. */
  currency: string;
  quantity: Decimal;
  /** Cost basis in the trade currency (ACB under the average method), commissions included. */
  costLocal: Decimal;
  /** Cost basis in the base currency at trade-date rates. */
  costBase: Decimal;
  /** Open lots, oldest first. Empty under the average method, whose lots are informational and
   * derived on request (a FIFO pass), so the average-cost fold stays cheap. */
  lots: Lot[];
  /** Set when a trade-date FX rate was missing: costBase is then not known and must not be shown. */
  fxGap?: MissingFx;
}

/** One sale (or the gain forced by a return of capital beyond ACB). */
export interface Disposition {
  transactionId: string;
  accountId: string;
  date: string;
  symbol: string;
  currency: string;
  quantity: Decimal;
  /** Net of commission. */
  proceedsLocal: Decimal;
  proceedsBase: Decimal;
  costLocal: Decimal;
  costBase: Decimal;
  /** proceedsBase − costBase. */
  gainBase: Decimal;
  /** (proceedsLocal − costLocal) at the sale-date rate. */
  priceGainBase: Decimal;
  /** costLocal at the sale-date rate − costBase: what the currency move added. */
  currencyGainBase: Decimal;
  /** Lots sold from, for lot-based methods. */
  lots: { lotId: string; quantity: Decimal }[];
  /**
   * Why this is a disposition: a sale, ACB pushed below zero by return of capital, or (in the
   * tax view, see tax-acb.ts) a transfer in kind from a taxable to a registered account, which
   * the CRA deems a sale at market value.
   */
  reason: 'sale' | 'negative_acb' | 'transfer_to_registered';
  /** Set when a needed FX rate was missing: the base amounts are then not known. */
  fxGap?: MissingFx;
  /** Set when the market price a deemed sale (or the ACB it draws on) needs was missing. */
  priceGap?: MissingPrice;
  /** The part of a loss the tax rules deny (positive), which the tax-year totals add back: all of
   * it on a transfer in kind to a registered account, the superficial part of a sale's. */
  deniedLoss?: Decimal;
}

export type IncomeKind = 'dividend' | 'drip' | 'interest' | 'withholding_tax' | 'fee' | 'return_of_capital';

/** Cash income and charges, signed from the investor's point of view (tax and fees negative). */
export interface IncomeEvent {
  transactionId: string;
  accountId: string;
  date: string;
  kind: IncomeKind;
  symbol?: string;
  currency: string;
  amountLocal: Decimal;
  amountBase: Decimal;
  /** Set when the FX rate was missing: amountBase is then not known. */
  fxGap?: MissingFx;
}

/** Money entering (+) or leaving (−) the scope being measured, for TWR and XIRR. */
export interface ExternalFlow {
  transactionId: string;
  accountId: string;
  date: string;
  amountBase: Decimal;
  /** True when the engine inferred it (a purchase in an account that records no deposits). */
  implicit: boolean;
  /** Set when the FX rate was missing: amountBase is then not known. */
  fxGap?: MissingFx;
}

/** Something the engine could not price or convert; shown to the user, never guessed. */
export interface MissingPrice {
  kind: 'missing_price';
  symbol: string;
  date: string;
}

export type DataGap = MissingFx | MissingPrice;

/** One point of a daily valuation series (base currency). */
export interface ValuationPoint {
  date: string;
  /** Market value of holdings plus cash at the end of the day. */
  value: Decimal;
  /** Net external flow during the day (+ in, − out), assumed at the start of the day. */
  flow: Decimal;
}
