import type { MissingFx } from '../fx/fx-rates';
import { mul, sub, ZERO, type Decimal } from '../money/decimal';
import type { EngineTx } from './parse';
import type { Disposition } from './types';

type Gap = Pick<Disposition, 'fxGap' | 'priceGap'>;

/**
 * A sale (or deemed sale) by `tx`: the gain is proceeds − cost in the base currency, split into
 * its price part (proceeds less the cost at the sale's `rate`, null for the base currency) and
 * its currency part (the cost at the sale's rate less the cost at the purchases' rates). `gap`
 * says which rate or price it needed and did not have.
 */
export function saleDisposition(
  tx: EngineTx,
  sale: Pick<Disposition, 'quantity' | 'proceedsLocal' | 'proceedsBase' | 'costLocal' | 'costBase' | 'lots' | 'reason'>,
  rate: Decimal | MissingFx | null,
  gap: Gap,
): Disposition {
  const { costLocal, costBase, proceedsBase } = sale;
  const costAtSaleRate = rate === null ? costLocal : typeof rate === 'bigint' ? mul(costLocal, rate) : ZERO;
  return {
    transactionId: tx.id,
    accountId: tx.accountId,
    date: tx.date,
    symbol: tx.symbol!,
    currency: tx.currency,
    ...sale,
    gainBase: sub(proceedsBase, costBase),
    priceGainBase: sub(proceedsBase, costAtSaleRate),
    currencyGainBase: sub(costAtSaleRate, costBase),
    ...gap,
  };
}

/**
 * The gain a return of capital forces when it takes the cost base below zero (the Canadian
 * rule: the excess is a capital gain now, and the ACB starts again at zero).
 */
export function negativeAcbDisposition(tx: EngineTx, excess: Decimal, gap: Gap): Disposition {
  return saleDisposition(tx, { quantity: ZERO, proceedsLocal: ZERO, proceedsBase: excess, costLocal: ZERO, costBase: ZERO, lots: [], reason: 'negative_acb' }, null, gap);
}
