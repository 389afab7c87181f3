import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FxRates } from '../fx/fx-rates';
import { add, cmp, dec, mulDiv, sub, toDecimalString, toFixed, ZERO, type Decimal } from '../money/decimal';
import type { TransactionRow } from '../model/transaction';
import { addDays } from '../time/days';
import { currentAcb, taxAcb, type TaxAcbOptions } from './tax-acb';
import { acquisitions } from './events';
import { indexAcquisitions, realizedGainsByTaxYear, unitsHeldOverTime } from './tax';
import { engineTxs, fxFrom, runLedger, str, tx } from './test-helpers';

const TFSA = 'tfsa';
const cents = (value: Decimal) => toFixed(value, 2);
const options = (extra: Partial<TaxAcbOptions> = {}): TaxAcbOptions => ({ baseCurrency: 'CAD', fx: new FxRates(), taxable: (id) => id !== TFSA, ...extra });
const run = (rows: TransactionRow[], extra: Partial<TaxAcbOptions> = {}) => taxAcb(engineTxs(rows), options(extra));

describe('tax ACB: identical properties pooled over the taxable accounts', () => {
  it('averages the cost of the same security held in two taxable accounts (per-account averages would not)', () => {
    const rows = [
      tx({ id: 'a1', accountId: 'cash', kind: 'buy', date: '2024-01-02', symbol: 'XIU.TO', quantity: '100', price: '10', fee: '0' }),
      tx({ id: 'b1', accountId: 'margin', kind: 'buy', date: '2024-02-01', symbol: 'XIU.TO', quantity: '100', price: '20', fee: '0' }),
      // ACB per unit: (1,000 + 2,000) / 200 = 15, whichever account sells.
      tx({ id: 'a2', accountId: 'cash', kind: 'sell', date: '2024-03-01', symbol: 'XIU.TO', quantity: '50', price: '18', fee: '0' }),
      tx({ id: 'b2', accountId: 'margin', kind: 'sell', date: '2024-04-01', symbol: 'XIU.TO', quantity: '100', price: '16', fee: '0' }),
    ];
    const { dispositions, pools } = run(rows);
    expect(dispositions.map((d) => [d.transactionId, d.accountId, cents(d.proceedsBase), cents(d.costBase), cents(d.gainBase)])).toEqual([
      ['a2', 'cash', '900.00', '750.00', '150.00'],
      ['b2', 'margin', '1600.00', '1500.00', '100.00'],
    ]);
    // 50 units left (in the cash account) at the pool's 15.
    expect(pools.map((p) => [p.symbol, str(p.quantity), cents(p.acb), [...p.units].map(([a, q]) => [a, str(q)])])).toEqual([['XIU.TO', '50', '750.00', [['cash', '50']]]]);
    // The ledger's per-account average gives the cash account's sale a cost of 500 (its own 10 a unit).
    const perAccount = runLedger(rows, { cashTrackedAccounts: new Set() }).dispositions.find((d) => d.transactionId === 'a2')!;
    expect(cents(perAccount.costBase)).toBe('500.00');
  });

  it('matches the adjustedcostbase.ca MSFT example in one account, whatever method the portfolio shows', () => {
    const fx = fxFrom({ CADUSD: { '2010-01-04': '0.9192', '2011-06-01': '1.0344' } });
    const { dispositions, pools } = run(
      [
        tx({ id: 'buy', kind: 'buy', date: '2010-01-04', symbol: 'MSFT', currency: 'USD', quantity: '100', price: '40.00', fee: '9.99' }),
        tx({ id: 'sell', kind: 'sell', date: '2011-06-01', symbol: 'MSFT', currency: 'USD', quantity: '40', price: '50.00', fee: '9.99' }),
      ],
      { fx },
    );
    expect([cents(dispositions[0]!.proceedsBase), cents(dispositions[0]!.gainBase), cents(pools[0]!.acb)]).toEqual(['1923.83', '178.84', '2617.49']);
    expect([cents(dispositions[0]!.priceGainBase), cents(dispositions[0]!.currencyGainBase)]).toEqual(['373.18', '-194.34']);
  });

  it('leaves registered accounts out: their buys do not change the ACB, their sales are not taxable dispositions', () => {
    const { dispositions } = run([
      tx({ id: 'a1', accountId: 'cash', kind: 'buy', date: '2024-01-02', symbol: 'VFV.TO', quantity: '10', price: '100', fee: '0' }),
      tx({ id: 't1', accountId: TFSA, kind: 'buy', date: '2024-01-03', symbol: 'VFV.TO', quantity: '10', price: '50', fee: '0' }),
      tx({ id: 't2', accountId: TFSA, kind: 'sell', date: '2024-01-04', symbol: 'VFV.TO', quantity: '5', price: '60', fee: '0' }),
      tx({ id: 'a2', accountId: 'cash', kind: 'sell', date: '2024-01-05', symbol: 'VFV.TO', quantity: '10', price: '90', fee: '0' }),
    ]);
    expect(dispositions.map((d) => [d.transactionId, cents(d.costBase), cents(d.gainBase)])).toEqual([['a2', '1000.00', '-100.00']]);
  });

  it('keeps the pool whole through a transfer between taxable accounts, moving only the units', () => {
    const { dispositions, pools } = run([
      tx({ id: 'a1', accountId: 'cash', kind: 'buy', date: '2024-01-02', symbol: 'X', quantity: '10', price: '10', fee: '0' }),
      tx({ id: 'b1', accountId: 'margin', kind: 'buy', date: '2024-01-03', symbol: 'X', quantity: '10', price: '30', fee: '0' }),
      tx({ id: 'mv', accountId: 'margin', kind: 'transfer', date: '2024-01-04', symbol: 'X', quantity: '5', toAccountId: 'cash' }),
      // 5 of the cash account's 15 at the pool's 20 a unit (the account's own average would be 16.67).
      tx({ id: 'a2', accountId: 'cash', kind: 'sell', date: '2024-01-05', symbol: 'X', quantity: '5', price: '25', fee: '0' }),
    ]);
    expect(dispositions.map((d) => [d.transactionId, cents(d.costBase), cents(d.gainBase), d.reason])).toEqual([['a2', '100.00', '25.00', 'sale']]);
    expect([...pools[0]!.units].map(([a, q]) => [a, str(q)])).toEqual([['cash', '10'], ['margin', '5']]);
    expect(cents(pools[0]!.acb)).toBe('300.00');
  });

  it('deems a transfer in kind to a registered account a sale at market value: a gain is taxable, a loss denied', () => {
    const prices: Record<string, string> = { '2024-02-01': '15', '2024-03-01': '6' };
    const { dispositions } = run(
      [
        tx({ id: 'a1', accountId: 'cash', kind: 'buy', date: '2024-01-02', symbol: 'X', quantity: '20', price: '10', fee: '10' }),
        tx({ id: 'in1', accountId: 'cash', kind: 'transfer', date: '2024-02-01', symbol: 'X', quantity: '10', toAccountId: TFSA }),
        tx({ id: 'in2', accountId: 'cash', kind: 'transfer', date: '2024-03-01', symbol: 'X', quantity: '10', toAccountId: TFSA }),
      ],
      { priceAt: (_symbol, date) => (prices[date] ? dec(prices[date]!) : undefined) },
    );
    // ACB 210.00 for 20 units; each transfer takes half of it.
    expect(dispositions.map((d) => [d.transactionId, d.reason, cents(d.proceedsBase), cents(d.costBase), cents(d.gainBase), d.deniedLoss === undefined ? null : cents(d.deniedLoss)])).toEqual([
      ['in1', 'transfer_to_registered', '150.00', '105.00', '45.00', null],
      ['in2', 'transfer_to_registered', '60.00', '105.00', '-45.00', '45.00'],
    ]);
    // The tax year counts the gain and adds the denied loss back: 45 − 45 + 45.
    const [year] = realizedGainsByTaxYear(dispositions);
    expect([cents(year!.gain), cents(year!.deniedLoss), cents(year!.adjustedGain)]).toEqual(['0.00', '45.00', '45.00']);
  });

  it('takes units out of a registered account into the pool at market value', () => {
    const { dispositions } = run(
      [
        tx({ id: 'a1', accountId: 'cash', kind: 'buy', date: '2024-01-02', symbol: 'X', quantity: '10', price: '10', fee: '0' }),
        tx({ id: 't1', accountId: TFSA, kind: 'buy', date: '2024-01-02', symbol: 'X', quantity: '10', price: '5', fee: '0' }),
        tx({ id: 'out', accountId: TFSA, kind: 'transfer', date: '2024-02-01', symbol: 'X', quantity: '10', toAccountId: 'cash' }),
        tx({ id: 'a2', accountId: 'cash', kind: 'sell', date: '2024-03-01', symbol: 'X', quantity: '20', price: '12', fee: '0' }),
      ],
      { priceAt: () => dec('14') },
    );
    // ACB 100 + 140 (the withdrawal in kind at 14): the TFSA's own cost of 5 is not a tax cost.
    expect(dispositions.map((d) => [d.transactionId, cents(d.costBase), cents(d.gainBase)])).toEqual([['a2', '240.00', '0.00']]);
  });

  it('says a deemed sale without a market price is not known, and so is the ACB of units taken out of a plan without one', () => {
    const { dispositions, pools } = run([
      tx({ id: 'a1', accountId: 'cash', kind: 'buy', date: '2024-01-02', symbol: 'X', quantity: '10', price: '10', fee: '0' }),
      tx({ id: 't1', accountId: TFSA, kind: 'buy', date: '2024-01-02', symbol: 'X', quantity: '10', price: '5', fee: '0' }),
      tx({ id: 'in', accountId: 'cash', kind: 'transfer', date: '2024-02-01', symbol: 'X', quantity: '5', toAccountId: TFSA }),
      tx({ id: 'out', accountId: TFSA, kind: 'transfer', date: '2024-02-02', symbol: 'X', quantity: '10', toAccountId: 'cash' }),
      tx({ id: 'a2', accountId: 'cash', kind: 'sell', date: '2024-03-01', symbol: 'X', quantity: '5', price: '12', fee: '0' }),
    ]);
    expect(dispositions.map((d) => [d.transactionId, d.priceGap, d.deniedLoss])).toEqual([
      ['in', { kind: 'missing_price', symbol: 'X', date: '2024-02-01' }, undefined],
      ['a2', { kind: 'missing_price', symbol: 'X', date: '2024-02-02' }, undefined],
    ]);
    expect(pools[0]!.gap).toEqual({ kind: 'missing_price', symbol: 'X', date: '2024-02-02' });
    // Left out of the year's totals, never counted at zero.
    const [year] = realizedGainsByTaxYear(dispositions);
    expect([year!.unknownSales, cents(year!.proceeds)]).toEqual([2, '0.00']);
  });

  it('states the ACB held now per security, whole or for one account’s units, and none where a price is missing', () => {
    const rows = [
      tx({ id: 'a1', accountId: 'cash', kind: 'buy', date: '2024-01-02', symbol: 'XIU.TO', quantity: '100', price: '10', fee: '4.99' }),
      tx({ id: 'b1', accountId: 'margin', kind: 'buy', date: '2024-02-01', symbol: 'XIU.TO', quantity: '200', price: '20', fee: '0' }),
      tx({ id: 't1', accountId: TFSA, kind: 'buy', date: '2024-02-01', symbol: 'XIU.TO', quantity: '50', price: '5', fee: '0' }),
      tx({ id: 'c1', accountId: 'cash', kind: 'buy', date: '2024-02-01', symbol: 'ZAG.TO', quantity: '3', price: '13', fee: '0' }),
      tx({ id: 'in', accountId: 'cash', kind: 'transfer', date: '2024-03-01', symbol: 'ZAG.TO', quantity: '1', toAccountId: TFSA }),
      tx({ id: 'out', accountId: TFSA, kind: 'transfer', date: '2024-03-02', symbol: 'ZAG.TO', quantity: '1', toAccountId: 'cash' }),
    ];
    const view = (rows: ReturnType<typeof currentAcb>) => rows.map((r) => [r.symbol, str(r.quantity), r.acb === null ? null : cents(r.acb), r.acbPerUnit === null ? null : toFixed(r.acbPerUnit, 4), r.gap?.kind ?? null]);
    const { pools } = run(rows);
    // 300 taxable units for 1,004.99 + 4,000 (the TFSA's 50 are not in it): 16.6833 a unit.
    // ZAG: the transfer out of the TFSA has no market price, so its ACB is not known.
    expect(view(currentAcb(pools))).toEqual([
      ['XIU.TO', '300', '5004.99', '16.6833', null],
      ['ZAG.TO', '3', null, null, 'missing_price'],
    ]);
    // The cash account's 100 units at the pool's ACB per unit, not its own 10.05.
    expect(view(currentAcb(pools, 'cash'))).toEqual([
      ['XIU.TO', '100', '1668.33', '16.6833', null],
      ['ZAG.TO', '3', null, null, 'missing_price'],
    ]);
    expect(currentAcb(pools, TFSA)).toEqual([]);
  });

  it('splits one account’s units at a time, the pool’s ACB unchanged', () => {
    const { dispositions } = run([
      tx({ id: 'a1', accountId: 'cash', kind: 'buy', date: '2024-01-02', symbol: 'X', quantity: '10', price: '60', fee: '0' }),
      tx({ id: 'b1', accountId: 'margin', kind: 'buy', date: '2024-01-02', symbol: 'X', quantity: '20', price: '15', fee: '0' }),
      tx({ id: 'sa', accountId: 'cash', kind: 'split', date: '2024-02-01', symbol: 'X', ratio: '3:1' }),
      tx({ id: 'sb', accountId: 'margin', kind: 'split', date: '2024-02-01', symbol: 'X', ratio: '3:1' }),
      // 90 units at an ACB of 900: 10 a unit (the cash account's own would be 20).
      tx({ id: 'a2', accountId: 'cash', kind: 'sell', date: '2024-03-01', symbol: 'X', quantity: '30', price: '11', fee: '0' }),
    ]);
    expect(dispositions.map((d) => [d.transactionId, cents(d.costBase), cents(d.gainBase)])).toEqual([['a2', '300.00', '30.00']]);
  });

  it('reduces the pooled ACB by a return of capital, and a return beyond it is a gain', () => {
    const { dispositions, pools } = run([
      tx({ id: 'a1', accountId: 'cash', kind: 'buy', date: '2024-01-02', symbol: 'X', quantity: '10', price: '10', fee: '0' }),
      tx({ id: 'b1', accountId: 'margin', kind: 'buy', date: '2024-01-02', symbol: 'X', quantity: '10', price: '10', fee: '0' }),
      tx({ id: 'ra', accountId: 'cash', kind: 'return_of_capital', date: '2024-02-01', symbol: 'X', amount: '150' }),
      tx({ id: 'rb', accountId: 'margin', kind: 'return_of_capital', date: '2024-02-01', symbol: 'X', amount: '150' }),
    ]);
    expect(dispositions.map((d) => [d.transactionId, d.reason, cents(d.gainBase)])).toEqual([['rb', 'negative_acb', '100.00']]);
    expect(cents(pools[0]!.acb)).toBe('0.00');
  });

  it('values a deemed sale of a foreign security at the day’s rate against its cost at the purchase’s', () => {
    const fx = fxFrom({ USDCAD: { '2024-01-02': '1.30', '2024-05-01': '1.40' } });
    const { dispositions } = run(
      [
        tx({ id: 'a1', accountId: 'cash', kind: 'buy', date: '2024-01-02', symbol: 'AAPL', currency: 'USD', quantity: '10', price: '100', fee: '0' }),
        tx({ id: 'in', accountId: 'cash', kind: 'transfer', date: '2024-05-01', symbol: 'AAPL', currency: 'USD', quantity: '10', toAccountId: TFSA }),
      ],
      { fx, priceAt: () => dec('120') },
    );
    // 1,200 USD × 1.40 − 1,000 USD × 1.30; of which the currency's part is 1,000 × (1.40 − 1.30).
    expect(dispositions.map((d) => [cents(d.proceedsBase), cents(d.costBase), cents(d.gainBase), cents(d.currencyGainBase)])).toEqual([['1680.00', '1300.00', '380.00', '100.00']]);
  });

  describe('superficial losses', () => {
    const superficialRun = (rows: TransactionRow[]) => {
      const txs = engineTxs(rows);
      return taxAcb(txs, options({ superficial: { acquisitions: indexAcquisitions(acquisitions(txs)), heldAt: unitsHeldOverTime([txs]) } }));
    };
    const loss = [
      tx({ id: 'a1', accountId: 'cash', kind: 'buy', date: '2024-01-02', symbol: 'X', quantity: '10', price: '100', fee: '0' }),
      tx({ id: 'a2', accountId: 'cash', kind: 'sell', date: '2024-02-01', symbol: 'X', quantity: '10', price: '80', fee: '0' }),
    ];

    it('adds the denied loss to the ACB of the units bought back in a taxable account', () => {
      const { dispositions, superficialLosses } = superficialRun([
        ...loss,
        tx({ id: 'b1', accountId: 'margin', kind: 'buy', date: '2024-02-10', symbol: 'X', quantity: '10', price: '85', fee: '0' }),
        tx({ id: 'b2', accountId: 'margin', kind: 'sell', date: '2024-06-03', symbol: 'X', quantity: '10', price: '120', fee: '0' }),
      ]);
      expect(superficialLosses.map((f) => [f.transactionId, cents(f.deniedLoss)])).toEqual([['a2', '200.00']]);
      // The later sale's ACB is 850 + the 200 denied: the loss is deferred, not lost.
      expect(dispositions.map((d) => [d.transactionId, cents(d.costBase), cents(d.gainBase), d.deniedLoss && cents(d.deniedLoss)])).toEqual([
        ['a2', '1000.00', '-200.00', '200.00'],
        ['b2', '1050.00', '150.00', undefined],
      ]);
    });

    it('denies a loss bought back in a TFSA without carrying it anywhere', () => {
      // Bought long before the window: only the TFSA's buy is a reacquisition.
      const { dispositions } = superficialRun([
        tx({ id: 'a1', accountId: 'cash', kind: 'buy', date: '2023-11-01', symbol: 'X', quantity: '20', price: '100', fee: '0' }),
        loss[1]!,
        tx({ id: 't1', accountId: TFSA, kind: 'buy', date: '2024-02-10', symbol: 'X', quantity: '10', price: '85', fee: '0' }),
        tx({ id: 'a4', accountId: 'cash', kind: 'sell', date: '2024-06-03', symbol: 'X', quantity: '10', price: '120', fee: '0' }),
      ]);
      // a2 sells 10 of 20 at the pool's 100; the TFSA buy denies all 200, and the pool keeps its 1,000.
      expect(dispositions.map((d) => [d.transactionId, cents(d.costBase), d.deniedLoss && cents(d.deniedLoss)])).toEqual([
        ['a2', '1000.00', '200.00'],
        ['a4', '1000.00', undefined],
      ]);
    });

    it('does not flag a sale of everything bought in the window when nothing is held 30 days later', () => {
      const { superficialLosses, dispositions } = superficialRun([
        tx({ id: 'a1', accountId: 'cash', kind: 'buy', date: '2024-03-01', symbol: 'X', quantity: '100', price: '10', fee: '0' }),
        tx({ id: 'a2', accountId: 'cash', kind: 'sell', date: '2024-03-20', symbol: 'X', quantity: '100', price: '8', fee: '0' }),
      ]);
      expect([superficialLosses, dispositions[0]!.deniedLoss]).toEqual([[], undefined]);
    });
  });

  it('equals the ledger’s average cost in a single taxable account (fast-check)', () => {
    const amount = (scale: number) => fc.integer({ min: 1, max: 10_000_000 }).map((n) => toDecimalString((dec(`${n}`) / 10n ** BigInt(scale)) as Decimal));
    const step = fc.record({ kind: fc.constantFrom('buy', 'sell', 'sell', 'split', 'roc'), quantity: amount(3), price: amount(2), fee: fc.constantFrom('0', '4.95'), gap: fc.integer({ min: 0, max: 40 }) });
    const fx = fxFrom({ USDCAD: { '2019-12-01': '1.31', '2020-06-01': '1.36', '2021-01-01': '1.27' } });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 30 }), fc.constantFrom('CAD', 'USD'), (steps, currency) => {
        const rows: TransactionRow[] = [];
        let held = ZERO;
        let date = '2020-01-01';
        steps.forEach((s, i) => {
          date = addDays(date, s.gap);
          const base = { id: `r${String(i).padStart(3, '0')}`, accountId: 'a', date, currency, symbol: 'X', createdAt: '' };
          if (s.kind === 'buy' || held === ZERO) {
            held = add(held, dec(s.quantity));
            rows.push({ ...base, kind: 'buy', quantity: s.quantity, price: s.price, fee: s.fee });
          } else if (s.kind === 'sell') {
            const quantity = cmp(dec(s.quantity), held) > 0 ? held : dec(s.quantity);
            held = sub(held, quantity);
            rows.push({ ...base, kind: 'sell', quantity: toDecimalString(quantity), price: s.price, fee: s.fee });
          } else if (s.kind === 'split') rows.push({ ...base, kind: 'split', ratio: '3:2' });
          else rows.push({ ...base, kind: 'return_of_capital', amount: s.price });
          if (s.kind === 'split' && rows.at(-1)!.kind === 'split') held = mulDiv(held, dec('3'), dec('2'));
        });
        const ledger = runLedger(rows, { fx, cashTrackedAccounts: new Set() });
        const view = (d: (typeof ledger.dispositions)[number]) => [d.transactionId, d.reason, d.quantity, d.proceedsBase, d.costBase, d.gainBase, d.priceGainBase, d.currencyGainBase];
        expect(run(rows, { fx }).dispositions.map(view)).toEqual(ledger.dispositions.map(view));
      }),
      { numRuns: 80 },
    );
  });
});
