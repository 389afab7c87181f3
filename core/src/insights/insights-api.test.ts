import { afterEach, describe, expect, it } from 'vitest';
import type { InsightsResult } from '../api/core-api';
import { CoreError } from '../errors';
import { resolveThresholds } from './insight-thresholds';
import { DEFAULT_THRESHOLDS } from './insight-types';
import { closeKits, insightKit } from './test-portfolio';

afterEach(closeKits);

describe('insight thresholds in the settings', () => {
  it('refuses bad thresholds naming each field, and stores nothing', async () => {
    const kit = await insightKit();
    const error = (await kit.api
      .updateSettings({ insightThresholds: { holdingWeight: '1.5', cashWeight: 'lots', stalePriceDays: 0, taxLossMinAmount: '-5', bogus: '1' } as never })
      .catch((e: unknown) => e)) as CoreError;
    expect(error).toBeInstanceOf(CoreError);
    expect(error.issues.map((i) => i.field).sort()).toEqual([
      'insightThresholds',
      'insightThresholds.cashWeight',
      'insightThresholds.holdingWeight',
      'insightThresholds.stalePriceDays',
      'insightThresholds.taxLossMinAmount',
    ]);
    expect(error.issues).toContainEqual({ field: 'insightThresholds.holdingWeight', message: 'Single holding weight must be a fraction between 0 and 1, such as 0.2 for 20 %' });
    expect(error.issues).toContainEqual({ field: 'insightThresholds', message: 'Unknown threshold(s): bogus' });
    expect((await kit.api.getSettings()).insightThresholds).toBeUndefined();
    expect((await kit.api.getInsights()).thresholds).toEqual(DEFAULT_THRESHOLDS);
  });

  it('stores overrides, reports the thresholds in force, and restores the defaults with {}', async () => {
    const kit = await insightKit();
    const saved = await kit.thresholds({ holdingWeight: '0.3', stalePriceDays: 10 });
    expect(saved.insightThresholds).toEqual({ holdingWeight: '0.3', stalePriceDays: 10 });
    expect((await kit.db.settings.get('user'))!.insightThresholds).toEqual({ holdingWeight: '0.3', stalePriceDays: 10 });
    expect((await kit.api.getInsights()).thresholds).toEqual({ ...DEFAULT_THRESHOLDS, holdingWeight: '0.3', stalePriceDays: 10 });
    await kit.thresholds({});
    expect((await kit.api.getInsights()).thresholds).toEqual(DEFAULT_THRESHOLDS);
  });
});

describe('resolveThresholds', () => {
  it('keeps every valid stored override when another one no longer validates', () => {
    const stored = { holdingWeight: '0.3', cashWeight: 'lots', stalePriceDays: 0, sectorWeight: ' 0.45 ', bogus: '1' } as never;
    expect(resolveThresholds(stored)).toEqual({ ...DEFAULT_THRESHOLDS, holdingWeight: '0.3', sectorWeight: '0.45' });
  });

  it('uses the defaults for a missing or malformed overrides value', () => {
    expect(resolveThresholds(undefined)).toEqual(DEFAULT_THRESHOLDS);
    expect(resolveThresholds('nonsense' as never)).toEqual(DEFAULT_THRESHOLDS);
  });
});

describe('getInsights', () => {
  it('orders insights most severe first and refuses a malformed benchmark', async () => {
    const kit = await insightKit();
    await kit.api.addTransaction({ kind: 'deposit', accountId: kit.account.id, date: '2025-01-01', currency: 'CAD', amount: '10000' });
    await kit.buy('SHOP.TO', '60', '100'); // 60 %: critical
    await kit.buy('RY.TO', '10', '100');
    const { insights } = await kit.api.getInsights({}, { benchmark: '' });
    const order = { critical: 0, warning: 1, info: 2 };
    expect(insights.map((i) => order[i.severity])).toEqual([...insights.map((i) => order[i.severity])].sort());
    expect(insights[0]!.id).toBe('concentration-holding:SHOP.TO');
    expect(new Set(insights.map((i) => i.id)).size).toBe(insights.length);
    await expect(kit.api.getInsights({}, { benchmark: 'not a symbol!' })).rejects.toMatchObject({ code: 'invalid_input', issues: [{ field: 'benchmark' }] });
  });

  it('is watchable: a change pushes the insights again', async () => {
    const kit = await insightKit();
    await kit.buy('RY.TO', '10', '100');
    await kit.buy('TD.TO', '10', '100');
    await kit.buy('BNS.TO', '10', '100');
    await kit.buy('BMO.TO', '10', '100');
    await kit.buy('CM.TO', '10', '100');
    const pushed: InsightsResult[] = [];
    const id = await kit.api.watch({ kind: 'insights', scope: {}, benchmark: '' }, (result) => void pushed.push(result as InsightsResult));
    const ids = (r: InsightsResult | undefined) => r?.insights.filter((i) => i.rule === 'concentration-holding').map((i) => i.id);
    expect(ids(pushed.at(-1))).toEqual([]);
    await kit.buy('RY.TO', '30', '100');
    await expect.poll(() => ids(pushed.at(-1))).toEqual(['concentration-holding:RY.TO']);
    await kit.api.unwatch(id);
  });
});

describe('getInsights: empty and localized', () => {
  it('finds nothing to say about an empty portfolio, even with the default benchmark', async () => {
    const kit = await insightKit();
    const result = await kit.api.getInsights();
    expect(result).toMatchObject({ asOf: '2026-03-10', insights: [], benchmark: '^GSPTSE', gaps: [] });
  });

  it('formats numbers and money with the settings’ locale', async () => {
    const kit = await insightKit();
    await kit.api.updateSettings({ locale: 'fr-CA' });
    await kit.buy('SHOP.TO', '60', '100');
    await kit.buy('RY.TO', '40', '100');
    const [shop] = await kit.insights('concentration-holding');
    // French Canadian: decimal comma, (narrow) no-break spaces before % and $ and between thousands.
    const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');
    expect(plain(shop!.title)).toBe('SHOP.TO is 60,0 % of the portfolio');
    expect(plain(shop!.figures[1]!.value)).toBe('6 000,00 $');
  });
});
