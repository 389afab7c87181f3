import { describe, expect, it } from 'vitest';
import { dec } from '../../../../../core/src/money/decimal';
import { tradeAction } from './rebalance-view';

describe('tradeAction', () => {
  it('buys and sells securities, invests or keeps cash', () => {
    expect(tradeAction({ key: 'XEQT.TO', amount: dec('360') })).toBe('Buy');
    expect(tradeAction({ key: 'XEQT.TO', amount: dec('-1') })).toBe('Sell');
    expect(tradeAction({ key: 'CASH:CAD', amount: dec('-602.5') })).toBe('Invest this cash');
    expect(tradeAction({ key: 'CASH:USD', amount: dec('10') })).toBe('Keep as cash');
  });
});
