import { describe, expect, it } from 'vitest';
import { checkFields } from './table-schemas';

describe('checkFields: settings', () => {
  it('accepts the insight thresholds a device stores, so a signed-in user’s settings still sync', () => {
    expect(checkFields('settings', 'user', { id: 'user', baseCurrency: 'CAD', insightThresholds: { holdingWeight: '0.3', stalePriceDays: 5 } })).toEqual([]);
  });

  it('refuses thresholds the device itself would refuse, naming the field', () => {
    const issues = checkFields('settings', 'user', { insightThresholds: { holdingWeight: '3' } });
    expect(issues.map((i) => i.field)).toEqual(['insightThresholds.holdingWeight']);
    expect(checkFields('settings', 'user', { insightThresholds: { madeUp: '1' } })).not.toEqual([]);
  });
});
