import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dec } from '../../money/decimal';
import { mapQuestradeActivities } from './activity-mapping';
import type { QuestradeActivity, QuestradeBalances, QuestradePosition } from './questrade-api-types';
import { reconcileQuestrade, type EngineAccountState } from './reconcile';

const MIXED = (JSON.parse(readFileSync(new URL('../../../../../shared/fixtures/questrade/synthetic/SYNTHETIC_questrade_activities_mixed.json', import.meta.url), 'utf8')) as { activities: QuestradeActivity[] }).activities;
const { transactions, reviews } = mapQuestradeActivities(MIXED, { accountId: 'qt-1', accountNumber: '00000000', resolveAccountId: () => undefined });

const position = (symbol: string, openQuantity: number): QuestradePosition => ({ symbol, symbolId: 1, openQuantity });
const balances = (...cash: [string, number][]): QuestradeBalances => ({ perCurrencyBalances: cash.map(([currency, amount]) => ({ currency, cash: amount, marketValue: 0, totalEquity: amount })) });
const engine = (state: EngineAccountState) => new Map([['qt-1', state]]);
const reconcile = (positions: QuestradePosition[], bal: QuestradeBalances, state: EngineAccountState) =>
  reconcileQuestrade({ asOf: '2025-03-05T12:00:00Z', accounts: [{ number: '00000000', accountId: 'qt-1', positions, balances: bal }], engine: engine(state), transactions, reviews }).accounts[0]!;

describe('reconcileQuestrade', () => {
  it('reports a match when quantities and cash agree exactly', () => {
    const result = reconcile([position('XEQT.TO', 100), position('AAPL', 4)], balances(['CAD', 100.15], ['USD', 25.5]), {
      positions: [{ symbol: 'XEQT.TO', quantity: dec('100') }, { symbol: 'AAPL', quantity: dec('4') }],
      cash: [{ currency: 'CAD', amount: dec('100.15') }, { currency: 'USD', amount: dec('25.5') }],
    });
    expect(result).toMatchObject({ matches: true, matched: { positions: 2, currencies: 2 }, positions: [], cash: [] });
  });

  it('explains a quantity difference with the symbol\u2019s transactions, its review items and a hint', () => {
    // The engine holds 100 XEQT.TO (the JNL out and BRW in wait for review); Questrade says 110.
    const result = reconcile([position('XEQT.TO', 110), position('AAPL', 4)], balances(), { positions: [{ symbol: 'XEQT.TO', quantity: dec('100') }, { symbol: 'AAPL', quantity: dec('4') }], cash: [] });
    expect(result.matches).toBe(false);
    expect(result.positions).toHaveLength(1);
    const [xeqt] = result.positions;
    expect(xeqt).toMatchObject({ symbol: 'XEQT.TO', questrade: '110', engine: '100', difference: '10', transactionCount: 1 });
    expect(xeqt!.transactions.map((t) => [t.kind, t.date])).toEqual([['buy', '2025-01-07']]);
    expect(xeqt!.reviews.map((r) => r.reason)).toEqual([expect.stringMatching(/moved out \(JNL\)/), expect.stringMatching(/moved in \(BRW\)/)]);
    expect(xeqt!.hints[0]).toBe('2 imported activities wait for review here: resolving them may close the gap');
    expect(xeqt!.hints[1]).toMatch(/^Questrade holds 10 more XEQT\.TO/);
  });

  it('says a transfer-in before the first imported activity is missing when a symbol has no activity', () => {
    const result = reconcile([position('VFV.TO', 30)], balances(), { positions: [], cash: [] });
    expect(result.positions).toEqual([
      expect.objectContaining({ symbol: 'VFV.TO', questrade: '30', engine: '0', difference: '30', transactions: [], hints: ['No imported activity moves VFV.TO: 30 units bought or transferred in before the first imported activity (2025-01-06) are missing — add them as an opening position or a transfer-in'] }),
    ]);
  });

  it('shows a position Folio holds and Questrade does not (a missing sale or expiry)', () => {
    const result = reconcile([], balances(), { positions: [{ symbol: 'AAPL', quantity: dec('4') }], cash: [] });
    expect(result.positions[0]).toMatchObject({ symbol: 'AAPL', questrade: '0', engine: '4', difference: '-4' });
    expect(result.positions[0]!.hints).toEqual(['Folio holds 4 more AAPL than Questrade: a sale, transfer-out, option expiry or consolidation is missing']);
  });

  it('explains a cash difference per currency with the transactions moving that currency', () => {
    const result = reconcile([], balances(['CAD', 3020.76], ['USD', 25.5]), { positions: [], cash: [{ currency: 'CAD', amount: dec('3000') }, { currency: 'USD', amount: dec('25.5') }] });
    expect(result.matched.currencies).toBe(1);
    expect(result.cash).toHaveLength(1);
    const [cad] = result.cash;
    expect(cad).toMatchObject({ currency: 'CAD', questrade: '3020.76', engine: '3000', difference: '20.76' });
    // Deposit, XEQT buy, FX conversion out of CAD, distribution, interest, withdrawal, fee: all CAD movements, newest first.
    expect(cad!.transactions.map((t) => t.kind)).toEqual(['fee', 'withdrawal', 'interest', 'dividend', 'fx_conversion', 'buy', 'deposit']);
    expect(cad!.reviews.map((r) => r.reason)).toEqual(expect.arrayContaining([expect.stringMatching(/^Corporate action \(CIL/)]));
    expect(cad!.hints).toContain('Questrade has 20.76 CAD more cash: a deposit, sale, dividend or conversion into CAD is missing, possibly before the first imported activity (2025-01-06)');
  });

  it('labels a sub-cent difference as rounding, and untracked cash as such', () => {
    const rounding = reconcile([], balances(['USD', 10.0002]), { positions: [], cash: [{ currency: 'USD', amount: dec('10') }] });
    expect(rounding.cash[0]!.hints).toEqual(['Less than a cent (0.0002 USD): rounding in Questrade\u2019s quoted prices or amounts']);
    const untracked = reconcile([], balances(['CAD', 50], ['USD', 0]), { positions: [], cash: null });
    expect(untracked.cash).toEqual([expect.objectContaining({ currency: 'CAD', questrade: '50', engine: null, difference: null })]);
    expect(untracked.cash[0]!.hints.at(-1)).toMatch(/^Folio does not track this account’s cash/);
    expect(untracked.matched.currencies).toBe(1);
  });

  it('compares option symbols regardless of case, and ignores review items already dismissed', () => {
    const dismissed = reviews.map((r) => ({ ...r, status: 'dismissed' as const }));
    const result = reconcileQuestrade({
      asOf: 'now',
      accounts: [{ number: '00000000', accountId: 'qt-1', positions: [position('BAC18Oct19C29.00', 1), position('XEQT.TO', 90)], balances: balances() }],
      engine: engine({ positions: [{ symbol: 'BAC18OCT19C29.00', quantity: dec('1') }, { symbol: 'XEQT.TO', quantity: dec('100') }], cash: [] }),
      transactions,
      reviews: dismissed,
    }).accounts[0]!;
    expect(result.matched.positions).toBe(1);
    expect(result.positions.map((p) => [p.symbol, p.difference, p.reviews.length])).toEqual([['XEQT.TO', '-10', 0]]);
  });
});
