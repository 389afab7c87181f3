import type { Trade } from '../../../../../core/src/engine/rebalance';
import { isNegative } from '../../../../../core/src/money/decimal';

/**
 * What a suggested trade asks of the user. The engine treats a cash balance as one more bucket
 * (key `CASH:<CCY>`, target 0 unless set); cash is not bought or sold, it is invested or kept.
 */
export function tradeAction(trade: Pick<Trade, 'key' | 'amount'>): string {
  const cash = trade.key.startsWith('CASH:');
  if (isNegative(trade.amount)) return cash ? 'Invest this cash' : 'Sell';
  return cash ? 'Keep as cash' : 'Buy';
}
