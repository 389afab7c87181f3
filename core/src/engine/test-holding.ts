import { dec, ZERO } from '../money/decimal';
import type { HoldingSummary } from './holdings-summary';

/**
 * A HoldingSummary for tests of code that reads one (dashboard figures, the holdings grid, the
 * popup): one unit in CAD with nothing known beyond that, overridden field by field.
 */
export function testHolding(fields: Pick<HoldingSummary, 'symbol'> & Partial<HoldingSummary>): HoldingSummary {
  return {
    currency: 'CAD',
    accountIds: ['a'],
    quantity: dec('1'),
    costLocal: ZERO,
    costBase: ZERO,
    averageCostLocal: null,
    averageCostBase: null,
    marketValueLocal: null,
    marketValueBase: null,
    unrealizedBase: null,
    priceGainBase: null,
    currencyGainBase: null,
    realizedBase: ZERO,
    dividendsBase: ZERO,
    withholdingBase: ZERO,
    commissionsBase: ZERO,
    weight: null,
    positions: [],
    gaps: [],
    ...fields,
  };
}
