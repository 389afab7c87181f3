import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors';
import { analyzePortfolio } from './analyze-portfolio';

const example = JSON.parse(readFileSync(new URL('../../../examples/msft-acb.json', import.meta.url), 'utf8')) as Record<string, unknown>;

describe('analyzePortfolio', () => {
  it('reproduces the adjustedcostbase.ca example through the document format', () => {
    const result = analyzePortfolio(example);
    expect(result.sales).toEqual([
      expect.objectContaining({ date: '2011-06-01', symbol: 'MSFT', quantity: '40', proceeds: '1923.83', costBasis: '1744.99', gain: '178.84' }),
    ]);
    const [msft] = result.holdings;
    expect(msft).toMatchObject({ symbol: 'MSFT', quantity: '60', costBasis: '2617.49', realizedGain: '178.84', fees: '20.53' });
    // Unrealized gain splits exactly into the price part and the currency part.
    expect(Number(msft!.priceGain) + Number(msft!.currencyGain)).toBeCloseTo(Number(msft!.unrealizedGain), 2);
    expect(result.gaps).toEqual([]);
  });

  it('gives exactly the output the README shows for the example', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const block = /\*\*Output\*\*[^\n]*\n+```jsonc\n([\s\S]*?)\n```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const shown = JSON.parse(block!.replace(/\s\/\/[^\n]*/g, '')) as unknown;
    expect(JSON.parse(JSON.stringify(analyzePortfolio(example)))).toEqual(shown);
  });

  it('computes TWR, XIRR and simple return with a mid-period deposit (worked by hand)', () => {
    const result = analyzePortfolio({
      baseCurrency: 'CAD',
      asOf: '2024-01-03',
      transactions: [
        { date: '2024-01-01', type: 'deposit', currency: 'CAD', amount: '1000' },
        { date: '2024-01-01', type: 'buy', currency: 'CAD', symbol: 'X', quantity: '10', price: '100' },
        { date: '2024-01-03', type: 'deposit', currency: 'CAD', amount: '1100' },
      ],
      prices: { X: { '2024-01-02': '110', '2024-01-03': '121' } },
    });
    // Day 2: 1000 → 1100 (+10%); day 3: 1100 + 1100 deposited → 2310 (+5%). TWR = 1.1 × 1.05 − 1.
    expect(result.totals.twr).toBeCloseTo(0.155, 10);
    // Simple: gain 210 over 2100 contributed.
    expect(result.totals.simpleReturn).toBeCloseTo(0.1, 10);
    expect(result.totals.marketValue).toBe('1210.00');
    expect(result.totals.cash).toBe('1100.00');
    // The XIRR makes the flows' value zero: −1000 (day 0), −1100 (day 2), +2310 (day 2).
    const r = result.totals.xirr!;
    const npv = -1000 - 1100 / Math.pow(1 + r, 2 / 365) + 2310 / Math.pow(1 + r, 2 / 365);
    expect(Math.abs(npv)).toBeLessThan(1e-6);
  });

  it('compares with a benchmark: its own return, and the same cash flows invested in it (worked by hand)', () => {
    const result = analyzePortfolio({
      baseCurrency: 'CAD',
      asOf: '2024-01-03',
      transactions: [
        { date: '2024-01-01', type: 'deposit', currency: 'CAD', amount: '1000' },
        { date: '2024-01-01', type: 'buy', currency: 'CAD', symbol: 'X', quantity: '10', price: '100' },
        { date: '2024-01-03', type: 'deposit', currency: 'CAD', amount: '1100' },
      ],
      prices: { X: { '2024-01-02': '110', '2024-01-03': '121' }, XIU: { '2023-12-29': '30', '2024-01-01': '30', '2024-01-03': '33' } },
      benchmark: { symbol: 'XIU' },
    });
    // Index 30 → 33 (+10%). 1,000 buys 33.33 units on Jan 1 at 30; 1,100 buys 33.33 more on Jan 3 at 33:
    // 66.67 units × 33 = 2,200 (vs the portfolio's 2,310).
    expect(result.benchmark).toEqual({ symbol: 'XIU', twr: 0.1, sameCashFlowsValue: '2200.00', portfolioValue: '2310.00', missing: [] });
  });

  it('shows a missing price or FX rate as a gap and withholds the figures it affects', () => {
    const result = analyzePortfolio({
      baseCurrency: 'CAD',
      asOf: '2024-02-01',
      transactions: [{ date: '2024-01-05', type: 'opening_position', currency: 'USD', symbol: 'AAPL', quantity: '10', amount: '1500' }],
    });
    expect(result.holdings[0]).toMatchObject({ symbol: 'AAPL', costBasis: null, marketValue: null });
    expect(result.totals.marketValue).toBeNull();
    expect(result.totals.twr).toBeNull();
    expect(result.gaps).toEqual(
      expect.arrayContaining([
        { kind: 'missing_fx', from: 'USD', to: 'CAD', date: '2024-01-05' },
        { kind: 'missing_price', symbol: 'AAPL', date: '2024-02-01' },
      ]),
    );
  });

  it('refuses a bad document, naming each transaction and field', () => {
    const attempt = () =>
      analyzePortfolio({
        baseCurrency: 'CAD',
        asOf: '2024-01-31',
        transactions: [
          { date: '2024-01-02', type: 'buy', currency: 'CAD', symbol: 'X', quantity: '-5', price: '10' },
          { date: '2024-01-03', type: 'split', currency: 'CAD', symbol: 'X', ratio: '0:1' },
          { date: '2024-01-03', type: 'buy', currency: 'ZZZ', symbol: 'X', quantity: '1', price: '1' },
          { date: '2024-01-04', type: 'teleport', currency: 'CAD' },
          { date: '2024-01-05', type: 'deposit', currency: 'CAD', amount: '100', externalId: 'bank-1' },
          { date: '2024-01-06', type: 'deposit', currency: 'CAD', amount: '100', externalId: 'bank-1' },
        ],
      });
    expect(attempt).toThrow(CoreError);
    const issues = (() => {
      try {
        attempt();
      } catch (e) {
        return (e as CoreError).issues.map((i) => i.field);
      }
      return [];
    })();
    expect(issues).toEqual(['transactions[0].quantity', 'transactions[1].ratio', 'transactions[2].currency', 'transactions[3].type', 'transactions[5].externalId']);
    expect(attempt).toThrow('transactions[5].externalId: Duplicate external id bank-1 (transactions[4] has it)');
  });

  it('refuses selling more than is held with the transaction named', () => {
    expect(() =>
      analyzePortfolio({
        baseCurrency: 'CAD',
        asOf: '2024-01-31',
        transactions: [
          { date: '2024-01-02', type: 'buy', currency: 'CAD', symbol: 'X', quantity: '5', price: '10' },
          { date: '2024-01-03', type: 'sell', currency: 'CAD', symbol: 'X', quantity: '6', price: '10' },
        ],
      }),
    ).toThrow('sell X on 2024-01-03 (tx-2) refused: selling 6 exceeds the 5 held in this account');
  });
});
