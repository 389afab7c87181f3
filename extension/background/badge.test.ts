import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { HoldingsSummary, HoldingSummary } from '../../core/src/engine/holdings-summary';
import { dec } from '../../core/src/money/decimal';
import { applyBadge, BADGE_COLORS, badgeFor, shortPercent } from './badge';

/** A holding as the summary gives it: only the fields the day change reads are filled in. */
function holding(symbol: string, quantity: string, value: string | null, change?: string): HoldingSummary {
  return {
    symbol,
    currency: 'CAD',
    quantity: dec(quantity),
    marketValueLocal: value === null ? null : dec(value),
    marketValueBase: value === null ? null : dec(value),
    ...(change !== undefined ? { priceInfo: { source: 'yahoo', demo: false, stale: false, change } } : {}),
  } as HoldingSummary;
}
const summary = (holdings: HoldingSummary[]): HoldingsSummary => ({ asOf: '2026-03-10', baseCurrency: 'CAD', holdings, cash: [], totals: {} as HoldingsSummary['totals'], gaps: [] });

const hex = (color: string) => [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16));

beforeEach(() => fakeBrowser.reset());

describe('toolbar badge', () => {
  it('writes the day change short: one decimal under 10 %, a real minus sign', () => {
    expect(shortPercent(1.234)).toBe('+1.2%');
    expect(shortPercent(-0.44)).toBe('\u22120.4%');
    expect(shortPercent(12.6)).toBe('+13%');
    expect(shortPercent(9.96)).toBe('+10%');
    expect(shortPercent(0.04)).toBe('0.0%');
  });

  it('shows the portfolio day change, weighted by value, green when up', () => {
    // 10 × +1.00 on 1010 and 5 × −0.50 on 497.50: +7.50 on a previous 1497.50 → +0.5008 %.
    const badge = badgeFor(summary([holding('XEQT.TO', '10', '1010', '1'), holding('VFV.TO', '5', '497.5', '-0.5')]), 'en-CA');
    expect(badge).toEqual({ text: '+0.5%', tone: 'up', title: 'Folio: portfolio day change +$7.50 (+0.5%)' });
  });

  it('is red when down', () => {
    expect(badgeFor(summary([holding('XEQT.TO', '10', '990', '-1')]), 'en-CA')).toMatchObject({ text: '\u22121.0%', tone: 'down' });
  });

  it('is blank, never 0, with the reason in the tooltip when a quote is missing', () => {
    const badge = badgeFor(summary([holding('XEQT.TO', '10', '1010', '1'), holding('AAPL', '2', '400')]), 'en-CA');
    expect(badge).toEqual({ text: '', tone: 'unknown', title: 'Folio: day change unknown (no quote for today for AAPL). Sign in to a Folio server for live prices.' });
    expect(badgeFor(summary([holding('AAPL', '2', null, '1')]))).toMatchObject({ text: '', tone: 'unknown' });
    expect(badgeFor(summary([]))).toEqual({ text: '', tone: 'unknown', title: 'Folio: no holdings yet, so no day change' });
    // Closed positions do not count as holdings.
    expect(badgeFor(summary([holding('OLD.TO', '0', '0')])).title).toBe('Folio: no holdings yet, so no day change');
  });

  it('sets the text, colour and tooltip on the toolbar button', async () => {
    await applyBadge({ text: '\u22120.4%', tone: 'down', title: 'Folio: portfolio day change −$4.00 (−0.4%)' });
    expect(await fakeBrowser.action.getBadgeText({})).toBe('\u22120.4%');
    expect(await fakeBrowser.action.getBadgeBackgroundColor({})).toEqual([...hex(BADGE_COLORS.down), 255]);
    expect(await fakeBrowser.action.getTitle({})).toBe('Folio: portfolio day change −$4.00 (−0.4%)');
    await applyBadge({ text: '', tone: 'unknown', title: 'Folio: day change unknown' });
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
  });

  it('uses badge colours that keep white text readable (contrast ≥ 4.5:1)', () => {
    const luminance = (color: string) => {
      const [r, g, b] = hex(color).map((v) => {
        const c = v / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    for (const color of Object.values(BADGE_COLORS)) expect(1.05 / (luminance(color) + 0.05)).toBeGreaterThanOrEqual(4.5);
  });
});
