import { describe, expect, it } from 'vitest';
import { dec, sub, toDecimalString } from '../money/decimal';
import { flagSuperficialLosses, realizedGainsByTaxYear, taxLossHarvestingCandidates, type Acquisition } from './tax';
import type { Disposition } from './types';

const s = toDecimalString;

function sale(id: string, date: string, quantity: string, proceeds: string, cost: string, lots: Disposition['lots'] = []): Disposition {
  const proceedsBase = dec(proceeds);
  const costBase = dec(cost);
  return {
    transactionId: id,
    accountId: 'taxable',
    date,
    symbol: 'XEQ',
    currency: 'CAD',
    quantity: dec(quantity),
    proceedsLocal: proceedsBase,
    proceedsBase,
    costLocal: costBase,
    costBase,
    gainBase: sub(proceedsBase, costBase),
    priceGainBase: sub(proceedsBase, costBase),
    currencyGainBase: dec(0),
    lots,
    reason: 'sale',
  };
}

function buy(id: string, date: string, quantity: string, symbol = 'XEQ', accountId = 'taxable'): Acquisition {
  return { transactionId: id, accountId, date, symbol, quantity: dec(quantity) };
}

// 100 units sold on 2025-06-01 for 2,000 against a cost of 2,500: a 500 loss.
const lossSale = sale('s1', '2025-06-01', '100', '2000', '2500');
const flagged = (acquisitions: Acquisition[], dispositions = [lossSale]) =>
  flagSuperficialLosses(dispositions, acquisitions).map((f) => [f.transactionId, s(f.loss), s(f.deniedLoss), s(f.reacquiredQuantity)]);

describe('flagSuperficialLosses', () => {
  it('flags a loss with a full repurchase 10 days later, denying the whole loss', () => {
    const [flag] = flagSuperficialLosses([lossSale], [buy('b1', '2025-06-11', '100')]);
    expect(flag && [s(flag.loss), s(flag.deniedLoss), s(flag.reacquiredQuantity), flag.acquisitionIds]).toEqual(['500', '500', '100', ['b1']]);
  });

  it('counts the window as 30 days either side, inclusive', () => {
    expect(flagged([buy('b1', '2025-07-02', '100')])).toEqual([]); // 31 days after
    expect(flagged([buy('b1', '2025-05-01', '100')])).toEqual([]); // 31 days before
    expect(flagged([buy('b1', '2025-07-01', '100')])).toEqual([['s1', '500', '500', '100']]); // 30 days after
    expect(flagged([buy('b1', '2025-05-02', '100')])).toEqual([['s1', '500', '500', '100']]); // 30 days before
  });

  it('never flags a gain, nor a repurchase of another symbol', () => {
    expect(flagged([buy('b1', '2025-06-11', '100')], [sale('s2', '2025-06-01', '100', '3000', '2500')])).toEqual([]);
    expect(flagged([buy('b1', '2025-06-11', '100', 'VFV')])).toEqual([]);
  });

  it('denies in proportion to a partial repurchase, across accounts', () => {
    // 40 of 100 reacquired → 500 × 40 / 100 = 200 denied.
    expect(flagged([buy('b1', '2025-06-11', '40')])).toEqual([['s1', '500', '200', '40']]);
    // 30 in the TFSA + 20 in the taxable account = 50 → 250; more than sold caps at the whole loss.
    expect(flagged([buy('b1', '2025-05-20', '30', 'XEQ', 'tfsa'), buy('b2', '2025-06-20', '20')])).toEqual([['s1', '500', '250', '50']]);
    expect(flagged([buy('b1', '2025-06-20', '150')])).toEqual([['s1', '500', '500', '150']]);
  });

  it('counts only the units still held 30 days after the sale (the CRA’s B)', () => {
    const held = (units: string) => (symbol: string, date: string) => (symbol === 'XEQ' && date === '2025-07-01' ? dec(units) : dec(0));
    // Bought 100 in the window, but everything was sold and nothing is held at day 30: not superficial.
    expect(flagSuperficialLosses([lossSale], [buy('b1', '2025-05-20', '100')], held('0'))).toEqual([]);
    // 25 held at day 30: 500 × min(100, 100, 25) / 100.
    expect(flagSuperficialLosses([lossSale], [buy('b1', '2025-05-20', '100')], held('25')).map((f) => s(f.deniedLoss))).toEqual(['125']);
  });

  it('does not count units the sale itself took out of a lot bought in the window', () => {
    // FIFO: the 100 bought on 05-20 are exactly what was sold on 06-01 → nothing reacquired.
    const wholeLot = sale('s3', '2025-06-01', '100', '2000', '2500', [{ lotId: 'b1', quantity: dec('100') }]);
    expect(flagged([buy('b1', '2025-05-20', '100')], [wholeLot])).toEqual([]);
    // 60 of a 100-unit lot sold at a 100 loss: 40 remain → 100 × 40 / 60.
    const partLot = sale('s4', '2025-06-01', '60', '1100', '1200', [{ lotId: 'b1', quantity: dec('60') }]);
    expect(flagged([buy('b1', '2025-05-20', '100')], [partLot])).toEqual([['s4', '100', '66.666666666666666667', '40']]);
  });
});

describe('realizedGainsByTaxYear', () => {
  const dispositions = [lossSale, sale('s0', '2024-12-31', '10', '1300', '1000'), sale('s5', '2025-03-01', '5', '600', '500')];

  it('totals proceeds, cost and gain per calendar year, dispositions oldest first', () => {
    const years = realizedGainsByTaxYear(dispositions);
    expect(years.map((y) => [y.year, s(y.proceeds), s(y.costBase), s(y.gain), s(y.adjustedGain)])).toEqual([
      [2024, '1300', '1000', '300', '300'],
      [2025, '2600', '3000', '-400', '-400'],
    ]);
    expect(years[1]?.dispositions.map((d) => d.transactionId)).toEqual(['s5', 's1']);
  });

  it('keeps the sales of registered accounts out of the totals, listed and counted apart', () => {
    const inTfsa: Disposition = { ...sale('s7', '2025-04-01', '5', '900', '500'), accountId: 'tfsa' };
    const [, year2025] = realizedGainsByTaxYear([...dispositions, inTfsa], (account) => account !== 'tfsa');
    expect([s(year2025!.proceeds), s(year2025!.gain), year2025!.registeredSales, s(year2025!.registeredGain)]).toEqual(['2600', '-400', 1, '400']);
    expect(year2025!.dispositions.map((d) => d.transactionId)).toEqual(['s5', 's7', 's1']);
  });

  it('leaves a sale whose exchange rate is missing out of the totals and out of superficial losses, and counts it', () => {
    const gap = { kind: 'missing_fx' as const, from: 'USD', to: 'CAD', date: '2025-03-03' };
    // The ledger knows no proceeds in CAD: the base amounts it carries are placeholders.
    const unknown: Disposition = { ...sale('s9', '2025-03-03', '10', '0', '500'), fxGap: gap };
    const known = sale('s8', '2025-02-01', '5', '700', '400');
    const [year] = realizedGainsByTaxYear([known, unknown]);
    expect([s(year!.proceeds), s(year!.costBase), s(year!.gain), year!.unknownSales]).toEqual(['700', '400', '300', 1]);
    expect(year!.dispositions.map((d) => d.transactionId)).toEqual(['s8', 's9']);
    // Its "gain" of −500 is not a loss anyone knows of: a repurchase does not flag it.
    expect(flagSuperficialLosses([unknown], [buy('b9', '2025-03-10', '10')])).toEqual([]);
  });

  it('adds back the denied part of the losses', () => {
    const [flag] = flagSuperficialLosses(dispositions, [buy('b1', '2025-06-11', '40')]);
    const y2025 = realizedGainsByTaxYear(dispositions.map((d) => (d.transactionId === flag!.transactionId ? { ...d, deniedLoss: flag!.deniedLoss } : d)))[1];
    // −400 + 200 denied = −200 allowable.
    expect(y2025 && [s(y2025.gain), s(y2025.deniedLoss), s(y2025.adjustedGain)]).toEqual(['-400', '200', '-200']);
  });

  it('is empty without dispositions', () => {
    expect(realizedGainsByTaxYear([])).toEqual([]);
  });
});

describe('taxLossHarvestingCandidates', () => {
  const position = (symbol: string, accountId: string, cost: string, value: string | null) => ({
    symbol,
    accountId,
    quantity: dec('10'),
    costBase: dec(cost),
    marketValueBase: value === null ? null : dec(value),
    name: `${symbol} in ${accountId}`,
  });
  const positions = [
    position('VFV', 'b', '1000', '950'),
    position('XEQ', 'a', '2500', '2000'),
    position('ZAG', 'a', '1000', '1100'),
    position('NOPRICE', 'a', '1000', null),
    position('XEQ', 'b', '800', '500'),
  ];

  it('lists losses of at least minLoss, largest first, keeping extra fields', () => {
    const result = taxLossHarvestingCandidates(positions, dec('100'), [], '2025-12-01');
    expect(result.map((c) => [c.name, s(c.unrealizedLoss), c.superficialRisk])).toEqual([
      ['XEQ in a', '500', false],
      ['XEQ in b', '300', false],
    ]);
    expect(taxLossHarvestingCandidates(positions, dec('50'), [], '2025-12-01').map((c) => c.symbol)).toEqual(['XEQ', 'XEQ', 'VFV']);
  });

  it('flags a buy of the symbol in any account within the last 30 days', () => {
    const recent = [
      { symbol: 'XEQ', date: '2025-10-31' }, // 31 days before: outside
      { symbol: 'XEQ', date: '2025-11-01' }, // 30 days before: inside
      { symbol: 'VFV', date: '2025-12-02' }, // after asOf: ignored
    ];
    const result = taxLossHarvestingCandidates(positions, dec('50'), recent, '2025-12-01');
    expect(result.map((c) => [c.symbol, c.superficialRisk, c.recentBuyDate])).toEqual([
      ['XEQ', true, '2025-11-01'],
      ['XEQ', true, '2025-11-01'],
      ['VFV', false, undefined],
    ]);
    const outside = taxLossHarvestingCandidates(positions, dec('50'), [{ symbol: 'XEQ', date: '2025-10-31' }], '2025-12-01');
    expect(outside.every((c) => !c.superficialRisk)).toBe(true);
  });
});
