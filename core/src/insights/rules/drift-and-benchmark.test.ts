import { afterEach, describe, expect, it } from 'vitest';
import { closeKits, insightKit } from '../test-portfolio';

afterEach(closeKits);

describe('insights: drift from targets', () => {
  async function drifted(ry: string, td: string) {
    const kit = await insightKit();
    await kit.buy('RY.TO', ry, '100');
    await kit.buy('TD.TO', td, '100');
    await kit.api.setTargets(kit.portfolio.id, [
      { key: 'RY.TO', by: 'holding', weight: '0.5' },
      { key: 'TD.TO', by: 'holding', weight: '0.5' },
    ]);
    return kit;
  }

  it('flags targets out of band with the full rebalance trades as actions, linking to the portfolio’s Rebalancing tab', async () => {
    const kit = await drifted('70', '30');
    const [drift] = await kit.insights('target-drift');
    expect(drift).toMatchObject({ id: `target-drift:${kit.portfolio.id}`, severity: 'critical', title: '2 targets have drifted more than 5.0%' });
    expect(drift!.explanation).toContain('In Main: RY.TO is 70.0% against a target of 50.0% (+20.0 pts) and TD.TO is 30.0% against a target of 50.0% (-20.0 pts)');
    expect(drift!.actions).toEqual(['Sell 20 RY.TO (≈ $2,000.00)', 'Buy 20 TD.TO (≈ $2,000.00)']);
    expect(drift!.figures).toEqual([
      { label: 'RY.TO', value: '70.0% / 50.0%' },
      { label: 'TD.TO', value: '30.0% / 50.0%' },
    ]);
    expect(drift!.link).toEqual({ label: 'Open Rebalancing', href: `/portfolio/${kit.portfolio.id}?tab=rebalancing` });
  });

  it('is a warning within twice the band, and nothing inside the band', async () => {
    const kit = await drifted('58', '42');
    expect((await kit.insights('target-drift')).map((i) => i.severity)).toEqual(['warning']);
    await kit.thresholds({ driftBand: '0.1' });
    expect(await kit.insights('target-drift')).toEqual([]);
  });

  it('finds nothing without targets, or for one account (targets belong to a portfolio)', async () => {
    const kit = await drifted('70', '30');
    expect(await kit.insights('target-drift', { accountId: kit.account.id })).toEqual([]);
    await kit.api.setTargets(kit.portfolio.id, []);
    expect(await kit.insights('target-drift')).toEqual([]);
  });
});

describe('insights: performance against a benchmark', () => {
  async function aYearIn() {
    const kit = await insightKit();
    await kit.buy('RY.TO', '10', '100', '2025-01-02');
    await kit.price('RY.TO', '100', '2025-03-10');
    await kit.price('RY.TO', '110');
    return kit;
  }

  it('compares the 1-year TWR with the index’s when its history is cached', async () => {
    const kit = await aYearIn();
    await kit.api.putPrices('^GSPTSE', [
      { date: '2025-03-10', price: '1000' },
      { date: '2026-03-09', price: '1200' },
    ]);
    const [behind] = await kit.insights('benchmark', {}, '^GSPTSE');
    expect(behind).toMatchObject({ id: 'benchmark:^GSPTSE', severity: 'warning', title: 'Behind ^GSPTSE by 10.0 pts over a year' });
    expect(behind!.figures.slice(0, 3)).toEqual([
      { label: 'Your return (TWR)', value: '10.0%' },
      { label: '^GSPTSE return', value: '20.0%' },
      { label: 'Difference', value: '-10.0 pts' },
    ]);
    expect(behind!.explanation).toContain('Your time-weighted return over the last 12 months is 10.0%; ^GSPTSE returned 20.0% (in CAD)');
    expect(behind!.link.href).toBe('/portfolio?tab=performance');
    await kit.thresholds({ benchmarkShortfall: '0.15' });
    const [within] = await kit.insights('benchmark', {}, '^GSPTSE');
    expect(within).toMatchObject({ severity: 'info', title: 'In line with ^GSPTSE' });
  });

  it('says when the portfolio is ahead', async () => {
    const kit = await aYearIn();
    await kit.api.putPrices('SPY', [
      { date: '2025-03-10', price: '500' },
      { date: '2026-03-09', price: '510' },
    ]);
    const [ahead] = await kit.insights('benchmark', {}, 'SPY');
    expect(ahead).toMatchObject({ severity: 'info', title: 'Ahead of SPY by 8.0 pts' });
  });

  it('says so when the index’s history is not cached, and compares with the home index by default', async () => {
    const kit = await aYearIn();
    const result = await kit.api.getInsights();
    expect(result.benchmark).toBe('^GSPTSE');
    const missing = result.insights.find((i) => i.rule === 'benchmark');
    expect(missing).toMatchObject({ severity: 'info', title: 'No ^GSPTSE history to compare with' });
    expect(missing!.explanation).toContain('are not in this device\'s price cache');
    expect(await kit.insights('benchmark', {}, '')).toEqual([]); // no benchmark asked for
  });
});

describe('insights: drift with cash as a bucket', () => {
  it('suggests investing cash that has no target, as the Rebalancing tab counts it', async () => {
    const kit = await insightKit();
    await kit.api.addTransaction({ kind: 'deposit', accountId: kit.account.id, date: '2025-01-01', currency: 'CAD', amount: '10000' });
    await kit.buy('RY.TO', '50', '100');
    await kit.api.setTargets(kit.portfolio.id, [{ key: 'RY.TO', by: 'holding', weight: '1' }]);
    const [drift] = await kit.insights('target-drift');
    expect(drift!.actions).toEqual(['Buy 50 RY.TO (≈ $5,000.00)', 'Invest ≈ $5,000.00 of the cash in CAD']);
  });
});
