import { afterEach, describe, expect, it } from 'vitest';
import { closeKits, insightKit } from '../test-portfolio';

afterEach(closeKits);

/** SHOP.TO 6,000, RY.TO 2,000, TD.TO 2,000 (CAD): 60 %, 20 %, 20 %. */
async function threeStocks() {
  const kit = await insightKit();
  await kit.buy('SHOP.TO', '60', '100');
  await kit.buy('RY.TO', '20', '100');
  await kit.buy('TD.TO', '20', '100');
  return kit;
}

describe('insights: single-holding concentration', () => {
  it('flags a holding above the limit (critical above twice it), with its weight, value and a trim action', async () => {
    const kit = await threeStocks();
    const found = await kit.insights('concentration-holding');
    expect(found.map((i) => [i.id, i.severity])).toEqual([['concentration-holding:SHOP.TO', 'critical']]); // RY.TO at exactly 20 % is not above
    const [shop] = found;
    expect(shop!.title).toBe('SHOP.TO is 60.0% of the portfolio');
    expect(shop!.figures).toEqual([
      { label: 'Weight', value: '60.0%' },
      { label: 'Value', value: '$6,000.00' },
      { label: 'Limit', value: '20.0%' },
    ]);
    expect(shop!.explanation).toContain('SHOP.TO is worth $6,000.00, 60.0% of the portfolio');
    expect(shop!.actions).toEqual(['Sell about $4,000.00 of SHOP.TO to bring it to 20.0%, or add new money elsewhere']);
    expect(shop!.link).toEqual({ label: 'Open Holdings', href: '/portfolio' });
    expect(shop!.source).toBe('rules');
  });

  it('follows the threshold setting: a higher limit finds nothing, a limit under twice the weight is a warning', async () => {
    const kit = await threeStocks();
    await kit.thresholds({ holdingWeight: '0.6' });
    expect(await kit.insights('concentration-holding')).toEqual([]);
    await kit.thresholds({ holdingWeight: '0.5' });
    expect((await kit.insights('concentration-holding')).map((i) => i.severity)).toEqual(['warning']);
  });

  it('finds nothing in an even portfolio', async () => {
    const kit = await insightKit();
    for (const s of ['A.TO', 'B.TO', 'C.TO', 'D.TO', 'E.TO']) await kit.buy(s, '10', '100');
    expect(await kit.insights('concentration-holding')).toEqual([]);
  });

  it('treats a fund as information: it diversifies itself', async () => {
    const kit = await insightKit();
    await kit.buy('XEQT.TO', '100', '30');
    await kit.meta('XEQT.TO', { assetClass: 'ETF' });
    const [xeqt] = await kit.insights('concentration-holding');
    expect(xeqt).toMatchObject({ severity: 'info', title: 'XEQT.TO is 100.0% of the portfolio' });
    expect(xeqt!.actions).toBeUndefined();
    expect(xeqt!.explanation).toContain('It is a fund');
  });

  it('links to the scoped portfolio when asked for one', async () => {
    const kit = await threeStocks();
    const [shop] = await kit.insights('concentration-holding', { portfolioId: kit.portfolio.id });
    expect(shop!.link.href).toBe(`/portfolio/${kit.portfolio.id}`);
  });
});

describe('insights: sector concentration', () => {
  it('flags a sector above the limit and says how much is unclassified', async () => {
    const kit = await threeStocks();
    await kit.buy('BNS.TO', '10', '100'); // no sector: unclassified
    await kit.meta('SHOP.TO', { sector: 'Technology' });
    await kit.meta('RY.TO', { sector: 'Financials' });
    await kit.meta('TD.TO', { sector: 'Financials' });
    const found = await kit.insights('concentration-sector');
    expect(found.map((i) => [i.id, i.severity])).toEqual([['concentration-sector:Technology', 'warning']]); // 54.5 %; Financials 36.4 % is under 40 %
    expect(found[0]!.title).toBe('Technology is 54.5% of your holdings');
    expect(found[0]!.figures).toContainEqual({ label: 'Unclassified', value: '9.1%' });
    expect(found[0]!.explanation).toContain('9.1% of your holdings have no sector set and are counted as unclassified');
    expect(found[0]!.link).toEqual({ label: 'Open Allocation', href: '/portfolio?tab=allocation' });
    await kit.thresholds({ sectorWeight: '0.6' });
    expect(await kit.insights('concentration-sector')).toEqual([]);
  });

  it('never judges cash as a sector, and says so when most holdings have no sector', async () => {
    const kit = await insightKit();
    await kit.api.addTransaction({ kind: 'deposit', accountId: kit.account.id, date: '2025-01-01', currency: 'CAD', amount: '100000' });
    await kit.buy('RY.TO', '10', '100');
    await kit.buy('TD.TO', '10', '100');
    await kit.meta('RY.TO', { sector: 'Financials' });
    const found = await kit.insights('concentration-sector');
    // Cash (98 % of the portfolio) is not a sector: Financials is 50 % of what is invested, and half is unclassified.
    expect(found.map((i) => i.id)).toEqual(['concentration-sector:Financials', 'concentration-sector:unclassified']);
    expect(found[1]).toMatchObject({ severity: 'info', title: '50.0% of holdings have no sector' });
    // It leads to where holdings are classified.
    expect(found[1]!.link).toEqual({ label: 'Classify holdings', href: '/portfolio?tab=allocation#classify' });
  });
});

describe('insights: country concentration and home bias', () => {
  it('flags one foreign country above the limit, not the home country', async () => {
    const kit = await insightKit();
    await kit.buy('VFV.TO', '80', '100');
    await kit.buy('RY.TO', '20', '100');
    await kit.meta('VFV.TO', { country: 'United States' });
    await kit.meta('RY.TO', { country: 'Canada' });
    const found = await kit.insights('concentration-country');
    expect(found.map((i) => [i.id, i.severity, i.title])).toEqual([['concentration-country:United States', 'warning', 'United States is 80.0% of your holdings']]);
    expect(await kit.insights('home-bias')).toEqual([]);
    await kit.thresholds({ countryWeight: '0.8' });
    expect(await kit.insights('concentration-country')).toEqual([]);
  });

  it('flags home bias above the limit, counting every spelling of the home country', async () => {
    const kit = await insightKit();
    await kit.buy('RY.TO', '40', '100');
    await kit.buy('TD.TO', '30', '100');
    await kit.buy('VFV.TO', '30', '100');
    await kit.meta('RY.TO', { country: 'Canada' });
    await kit.meta('TD.TO', { country: 'CA' });
    await kit.meta('VFV.TO', { country: 'US' });
    const [bias] = await kit.insights('home-bias');
    expect(bias).toMatchObject({ id: 'home-bias:CA', severity: 'warning', title: '70.0% of holdings are in your home country' });
    expect(bias!.figures).toContainEqual({ label: 'Limit', value: '60.0%' });
    // Home-country holdings are judged by home bias only, never as a "foreign" country concentration.
    expect(await kit.insights('concentration-country')).toEqual([]);
    await kit.thresholds({ homeBiasWeight: '0.75' });
    expect(await kit.insights('home-bias')).toEqual([]);
  });

  it('has no home country (and so no home bias) for a base currency shared by many countries', async () => {
    const kit = await insightKit({ baseCurrency: 'EUR' });
    await kit.buy('SAP.DE', '10', '100', '2025-01-02', { currency: 'EUR' });
    await kit.meta('SAP.DE', { country: 'Germany' });
    expect(await kit.insights('home-bias')).toEqual([]);
  });
});

describe('insights: currency exposure', () => {
  it('flags money outside the base currency above the limit, with the effect of a 10 % currency move', async () => {
    const kit = await insightKit();
    await kit.api.putFxRates('USDCAD', [{ date: '2025-01-02', rate: '1.40' }, { date: '2026-03-09', rate: '1.35' }]);
    await kit.buy('AAPL', '10', '100', '2025-01-02', { currency: 'USD' });
    await kit.price('AAPL', '100');
    await kit.buy('RY.TO', '10', '100');
    const [exposure] = await kit.insights('currency-exposure');
    // 1,350 of 2,350 CAD: 57.4 %.
    expect(exposure).toMatchObject({ id: 'currency-exposure:foreign', severity: 'warning', title: '57.4% of the portfolio is in currencies other than CAD' });
    expect(exposure!.figures).toEqual([
      { label: 'Not in CAD', value: '57.4%' },
      { label: 'USD', value: '57.4%' },
      { label: 'Limit', value: '50.0%' },
    ]);
    expect(exposure!.explanation).toContain('the portfolio would lose about $135.00 (5.7%)');
    await kit.thresholds({ foreignCurrencyWeight: '0.6' });
    expect(await kit.insights('currency-exposure')).toEqual([]);
  });

  it('finds nothing when everything is in the base currency', async () => {
    const kit = await threeStocks();
    expect(await kit.insights('currency-exposure')).toEqual([]);
  });
});
