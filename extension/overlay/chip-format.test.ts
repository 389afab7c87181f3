import { describe, expect, it } from 'vitest';
import { chipText } from './chip-format';
import type { OverlayPosition } from './overlay-protocol';

const base: OverlayPosition = {
  symbol: 'AAPL',
  currency: 'USD',
  quantity: '12.5',
  averageCost: '150.123456789',
  costBasis: '1876.54',
  marketValue: '3057.5',
  unrealizedGain: '1180.96',
  unrealizedPercent: 0.62933,
  weight: 0.1234,
  portfolios: ['Main', 'RRSP'],
  accounts: ['Margin'],
  priceDate: '2025-02-14',
  missingPrice: false,
  averageCostBase: '210.5',
  unrealizedGainBase: '1500',
};

const values = (t: ReturnType<typeof chipText>) => Object.fromEntries(t.parts.map((p) => [p.label, p.value]));

describe('chip text', () => {
  it('formats with Intl in the user’s locale: money in the trade currency, ACB in the base one, signed gain', () => {
    const t = chipText(base, 'en-CA', 'CAD');
    expect(values(t)).toEqual({ Qty: '12.5', 'Avg cost': 'US$150.12', 'ACB (CAD)': '$210.50', Gain: '+US$1,180.96 (+62.93%)', Weight: '12.34%', In: 'Main, RRSP' });
    expect(t.parts.find((p) => p.label === 'Gain')!.tone).toBe('gain');
    expect(t.summary).toContain('Your AAPL position: Qty 12.5; Avg cost US$150.12');
  });

  it('follows a French-Canadian locale', () => {
    const v = values(chipText(base, 'fr-CA', 'CAD'));
    expect(v['Avg cost']).toBe('150,12\u00a0$\u00a0US');
    expect(v['Weight']).toBe('12,34\u00a0%');
  });

  it('formats decimal strings exactly (no float rounding of long values)', () => {
    const v = values(chipText({ ...base, currency: 'CAD', quantity: '123456789012.123456', averageCost: '0.1', unrealizedGain: '-9007199254740993.01' }, 'en-CA', 'CAD'));
    expect(v['Qty']).toBe('123,456,789,012.123456');
    expect(v['Gain']).toBe('-$9,007,199,254,740,993.01 (+62.93%)');
    expect(v['ACB (CAD)']).toBeUndefined(); // same currency as the base: no second figure
  });

  it('says what is missing instead of showing 0', () => {
    const t = chipText({ ...base, missingPrice: true, marketValue: null, unrealizedGain: null, unrealizedPercent: null, weight: null }, 'en-CA', 'CAD');
    expect(values(t)).toMatchObject({ Gain: 'price missing', Weight: 'unknown' });
    expect(t.parts.filter((p) => p.tone === 'missing')).toHaveLength(2);
  });
});
