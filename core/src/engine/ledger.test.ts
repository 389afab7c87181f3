import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors';
import { add, dec, sum } from '../money/decimal';
import { FxRates } from '../fx/fx-rates';
import { incomeEvents } from './events';
import { Ledger } from './ledger';
import { parseEngineTx } from './parse';
import { toEngineOrder } from './run-engine';
import { cents, fxFrom, runLedger, str, tx } from './test-helpers';

const position = (ledger: ReturnType<typeof runLedger>, symbol: string, account = 'a') => ledger.positions.get(`${account}\u0000${symbol}`);

describe('average cost (Canadian ACB)', () => {
  it('matches the adjustedcostbase.ca MSFT example: commissions in cost and out of proceeds, CAD at trade-date rates', () => {
    // CAD 1 = USD 0.9192 on the buy, CAD 1 = USD 1.0344 on the sale: given as CADUSD, inverted by the engine.
    const fx = fxFrom({ CADUSD: { '2010-01-04': '0.9192', '2011-06-01': '1.0344' } });
    const ledger = runLedger(
      [
        tx({ id: 'buy', kind: 'buy', date: '2010-01-04', symbol: 'MSFT', currency: 'USD', quantity: '100', price: '40.00', fee: '9.99' }),
        tx({ id: 'sell', kind: 'sell', date: '2011-06-01', symbol: 'MSFT', currency: 'USD', quantity: '40', price: '50.00', fee: '9.99' }),
      ],
      { fx },
    );
    const [sale] = ledger.dispositions;
    expect(cents(sale!.proceedsBase)).toBe('1923.83');
    expect(cents(sale!.gainBase)).toBe('178.84');
    const msft = position(ledger, 'MSFT')!;
    expect(cents(msft.costBase)).toBe('2617.49');
    expect(str(msft.quantity)).toBe('60');
    // ACB before the sale: 4,009.99 USD / 0.9192 = CAD 4,362.48.
    expect(cents(sale!.costBase)).toBe('1744.99');
    expect(cents(add(sale!.costBase, msft.costBase))).toBe('4362.48');
    // Price part: proceeds less the cost at the sale's rate (USD 1,603.996 / 1.0344 = CAD 1,550.65);
    // currency part: that less the cost at the purchase's rate. They add up to the gain.
    expect([cents(sale!.priceGainBase), cents(sale!.currencyGainBase)]).toEqual(['373.18', '-194.34']);
    expect(sale!.priceGainBase + sale!.currencyGainBase).toBe(sale!.gainBase);
  });

  it('opens a position at its known cost (trade-date rate), entering the returns at market value', () => {
    const fx = fxFrom({ USDCAD: { '2024-01-02': '1.30' } });
    const rows = [
      tx({ kind: 'opening_position', date: '2024-01-02', symbol: 'AAPL', currency: 'USD', quantity: '50', amount: '2500' }, 0),
      tx({ kind: 'sell', date: '2024-01-03', symbol: 'AAPL', currency: 'USD', quantity: '20', price: '70' }, 1),
    ];
    const priceAt = (symbol: string, date: string) => (symbol === 'AAPL' && date === '2024-01-02' ? dec('60') : undefined);
    const ledger = runLedger(rows, { fx, method: 'fifo', priceAt });
    // Cost USD 2,500 × 1.30; the flow is what the units were worth that day: 50 × 60 × 1.30.
    expect(ledger.flows.map((f) => [f.transactionId, str(f.amountBase)])).toEqual([['t0', '3900']]);
    const [sale] = ledger.dispositions;
    expect([str(sale!.costBase), str(sale!.proceedsBase), sale!.lots.map((l) => l.lotId)]).toEqual(['1300', '1820', ['t0']]);
    const left = position(ledger, 'AAPL')!;
    expect([str(left.quantity), str(left.costLocal), str(left.costBase)]).toEqual(['30', '1500', '1950']);
    // Without a market price it enters at cost.
    expect(runLedger(rows.slice(0, 1), { fx }).flows.map((f) => str(f.amountBase))).toEqual(['3250']);
  });

  it('uses the broker’s own rate when the transaction carries one', () => {
    const ledger = runLedger([tx({ kind: 'buy', date: '2024-01-02', symbol: 'AAPL', currency: 'USD', quantity: '10', price: '100', fee: '1', fxRate: '1.35' })]);
    expect(str(position(ledger, 'AAPL')!.costBase)).toBe('1351.35'); // (10 × 100 + 1) × 1.35
  });

  it('marks the cost as unknown when the trade-date rate is missing, instead of using 1', () => {
    const ledger = runLedger([tx({ kind: 'buy', date: '2024-01-02', symbol: 'AAPL', currency: 'USD', quantity: '10', price: '100' })]);
    expect(position(ledger, 'AAPL')!.fxGap).toEqual({ kind: 'missing_fx', from: 'USD', to: 'CAD', date: '2024-01-02' });
  });

  it('averages several buys and keeps the average after a partial sale; a full sale leaves zero cost', () => {
    const ledger = runLedger([
      tx({ kind: 'buy', date: '2024-01-02', symbol: 'XEQT', quantity: '10', price: '25', fee: '5' }),
      tx({ kind: 'buy', date: '2024-02-02', symbol: 'XEQT', quantity: '20', price: '28', fee: '5' }),
      tx({ kind: 'sell', date: '2024-03-02', symbol: 'XEQT', quantity: '15', price: '30', fee: '5' }),
    ]);
    // ACB = 255 + 565 = 820 for 30 units; 15 sold carry 410; proceeds 445 → gain 35.
    const [sale] = ledger.dispositions;
    expect([str(sale!.costBase), str(sale!.proceedsBase), str(sale!.gainBase)]).toEqual(['410', '445', '35']);
    expect(str(position(ledger, 'XEQT')!.costBase)).toBe('410');
    const closed = runLedger([
      tx({ kind: 'buy', date: '2024-01-02', symbol: 'X', quantity: '3', price: '1' }),
      tx({ kind: 'sell', date: '2024-01-03', symbol: 'X', quantity: '1', price: '1' }),
      tx({ kind: 'sell', date: '2024-01-04', symbol: 'X', quantity: '2', price: '1' }),
    ]);
    expect(position(closed, 'X')).toBeUndefined();
    expect(str(sum(closed.dispositions.map((d) => d.costBase)))).toBe('3');
  });
});

describe('lot methods', () => {
  const rows = [
    tx({ id: 'l1', kind: 'buy', date: '2024-01-02', symbol: 'VFV', quantity: '10', price: '100' }),
    tx({ id: 'l2', kind: 'buy', date: '2024-02-02', symbol: 'VFV', quantity: '10', price: '120' }),
    tx({ id: 's', kind: 'sell', date: '2024-03-02', symbol: 'VFV', quantity: '15', price: '130' }),
  ];

  it('FIFO sells the oldest lots first', () => {
    const ledger = runLedger(rows, { method: 'fifo' });
    const [sale] = ledger.dispositions;
    // 10 @100 + 5 @120 = 1600; proceeds 1950 → 350.
    expect([str(sale!.costBase), str(sale!.gainBase)]).toEqual(['1600', '350']);
    expect(sale!.lots.map((l) => [l.lotId, str(l.quantity)])).toEqual([['l1', '10'], ['l2', '5']]);
    expect(position(ledger, 'VFV')!.lots.map((l) => [l.id, str(l.quantity), str(l.costBase)])).toEqual([['l2', '5', '600']]);
  });

  it('LIFO sells the newest lots first', () => {
    const ledger = runLedger(rows, { method: 'lifo' });
    // 10 @120 + 5 @100 = 1700 → 250.
    expect(str(ledger.dispositions[0]!.gainBase)).toBe('250');
    expect(str(position(ledger, 'VFV')!.costBase)).toBe('500');
  });

  it('takes lots of whole and fractional units alike (whole ones are counted as plain numbers)', () => {
    const mixed = [
      tx({ id: 'w1', kind: 'buy', date: '2024-01-02', symbol: 'VFV', quantity: '10', price: '100' }),
      tx({ id: 'f1', kind: 'buy', date: '2024-01-03', symbol: 'VFV', quantity: '2.5', price: '100' }),
      tx({ id: 'w2', kind: 'buy', date: '2024-01-04', symbol: 'VFV', quantity: '3', price: '90' }),
      // Whole sale across a whole lot into a fractional one, then a fractional sale into a whole lot.
      tx({ id: 's1', kind: 'sell', date: '2024-02-01', symbol: 'VFV', quantity: '11', price: '110' }),
      tx({ id: 's2', kind: 'sell', date: '2024-02-02', symbol: 'VFV', quantity: '2.25', price: '110' }),
      // A whole sale from what is left of w2 (2.25 of its 3 units): no longer a count of whole units.
      tx({ id: 's3', kind: 'sell', date: '2024-02-03', symbol: 'VFV', quantity: '1', price: '110' }),
    ];
    const fifo = runLedger(mixed, { method: 'fifo' });
    expect(fifo.dispositions.map((d) => [d.transactionId, str(d.costBase), d.lots.map((l) => `${l.lotId}:${str(l.quantity)}`).join(' ')])).toEqual([
      ['s1', '1100', 'w1:10 f1:1'],
      ['s2', '217.5', 'f1:1.5 w2:0.75'],
      ['s3', '90', 'w2:1'],
    ]);
    expect(position(fifo, 'VFV')!.lots.map((l) => [l.id, str(l.quantity), str(l.costBase)])).toEqual([['w2', '1.25', '112.5']]);
    const lifo = runLedger(mixed, { method: 'lifo' });
    // 3 @90 + 2.5 @100 + 5.5 @100 = 1070; then 2.25 and 1 of what is left of w1 (4.5 @100).
    expect(lifo.dispositions.map((d) => str(d.costBase))).toEqual(['1070', '225', '100']);
    expect(position(lifo, 'VFV')!.lots.map((l) => [l.id, str(l.quantity)])).toEqual([['w1', '1.25']]);
  });

  it('keeps lots summing to the position with quantities validation would refuse (negative, a key with NUL)', () => {
    // The engine's own arithmetic must not depend on the schema: a negative sale adds units back.
    const negative = runLedger(
      [
        tx({ id: 'b', kind: 'buy', date: '2024-01-02', symbol: 'VFV', quantity: '10', price: '100' }),
        tx({ id: 's', kind: 'sell', date: '2024-01-03', symbol: 'VFV', quantity: '-3', price: '100' }),
      ],
      { method: 'fifo' },
    );
    const p = position(negative, 'VFV')!;
    expect([str(p.quantity), str(sum(p.lots.map((l) => l.quantity)))]).toEqual(['13', '13']);
    // Two account/symbol pairs that spell the same map key are one holding, as in the map.
    const same = runLedger(
      [
        tx({ id: 'x', kind: 'buy', date: '2024-01-02', accountId: 'a\u0000b', symbol: 'C', quantity: '1', price: '1' }),
        tx({ id: 'y', kind: 'buy', date: '2024-01-03', accountId: 'a', symbol: 'b\u0000C', quantity: '1', price: '1' }),
      ],
      { method: 'fifo', cashTrackedAccounts: new Set() },
    );
    expect([...same.positions.values()].map((q) => str(q.quantity))).toEqual(['2']);
  });

  it('pro-rates a lot of more units than a float counts exactly (beyond 2^53)', () => {
    const ledger = runLedger(
      [
        tx({ id: 'big', kind: 'buy', date: '2024-01-02', symbol: 'SHIB', quantity: '9007199254740993', price: '0.000003' }),
        tx({ id: 'part', kind: 'sell', date: '2024-01-03', symbol: 'SHIB', quantity: '3', price: '0.000004' }),
      ],
      { method: 'fifo' },
    );
    // 3 of 9007199254740993 units of a 27021597764.222979 cost: exact to 10^-18.
    expect(str(ledger.dispositions[0]!.costBase)).toBe('0.000009');
    expect(str(position(ledger, 'SHIB')!.lots[0]!.quantity)).toBe('9007199254740990');
  });

  it('specific lot sells the lots the sale names, and refuses an unknown lot', () => {
    const named = rows.map((r) => (r.id === 's' ? { ...r, quantity: '5', lotIds: ['l2'] } : r));
    const ledger = runLedger(named, { method: 'specific' });
    expect(str(ledger.dispositions[0]!.costBase)).toBe('600');
    expect(() => runLedger(rows.map((r) => (r.id === 's' ? { ...r, lotIds: ['nope'] } : r)), { method: 'specific' })).toThrow(/no open lot nope/);
  });

  it('a specific-lot sale refused after taking a named lot leaves no parts to the next sale', () => {
    const ledger = new Ledger({ baseCurrency: 'CAD', method: 'specific', fx: new FxRates(), cashTrackedAccounts: new Set() });
    const buys = ['L1', 'L2'].map((id, i) => parseEngineTx(tx({ id, kind: 'buy', date: '2024-01-02', symbol: 'X', quantity: '10', price: '10' }), i));
    for (const buy of buys) ledger.apply(buy);
    const refused = parseEngineTx(tx({ id: 's1', kind: 'sell', date: '2024-02-01', symbol: 'X', quantity: '12', price: '12', lotIds: ['L2', 'nope'] }), 2);
    expect(() => ledger.apply(refused)).toThrow(/no open lot nope/);
    ledger.apply(parseEngineTx(tx({ id: 's2', kind: 'sell', date: '2024-02-02', symbol: 'X', quantity: '3', price: '12', lotIds: ['L1'] }), 3));
    expect(ledger.dispositions.map((d) => d.lots.map((l) => `${l.lotId}:${str(l.quantity)}`))).toEqual([['L1:3']]);
  });
});

describe('corporate actions and income', () => {
  it('a 3:2 split scales units, keeps cost; a 1:10 consolidation too', () => {
    const ledger = runLedger([
      tx({ kind: 'buy', date: '2024-01-02', symbol: 'S', quantity: '101', price: '3' }),
      tx({ kind: 'split', date: '2024-02-02', symbol: 'S', ratio: '3:2' }),
    ]);
    expect([str(position(ledger, 'S')!.quantity), str(position(ledger, 'S')!.costBase)]).toEqual(['151.5', '303']);
    const consolidated = runLedger([
      tx({ kind: 'buy', date: '2024-01-02', symbol: 'S', quantity: '1000', price: '0.5' }),
      tx({ kind: 'split', date: '2024-02-02', symbol: 'S', ratio: '1:10' }),
    ]);
    expect(str(position(consolidated, 'S')!.quantity)).toBe('100');
  });

  it('a DRIP is income and a purchase at the reinvested price, with no cash movement', () => {
    const rows = [
      tx({ kind: 'buy', date: '2024-01-02', symbol: 'BNS', quantity: '100', price: '60' }),
      tx({ kind: 'drip', date: '2024-04-26', symbol: 'BNS', quantity: '1.7', price: '62.5' }, 1),
    ];
    const ledger = runLedger(rows);
    expect([str(position(ledger, 'BNS')!.quantity), str(position(ledger, 'BNS')!.costBase)]).toEqual(['101.7', '6106.25']);
    expect(incomeEvents(toEngineOrder(rows), 'CAD', new FxRates()).map((e) => [e.kind, str(e.amountBase)])).toEqual([['drip', '106.25']]);
    expect(str(ledger.stats.get('a\u0000BNS')!.dividendsBase)).toBe('106.25');
    expect(str(ledger.cash.get('a\u0000CAD')!)).toBe('-6000');
  });

  it('return of capital lowers ACB; beyond zero the excess is a capital gain and ACB stays at zero', () => {
    const ledger = runLedger([
      tx({ kind: 'buy', date: '2024-01-02', symbol: 'REIT', quantity: '100', price: '10' }),
      tx({ kind: 'return_of_capital', date: '2024-06-30', symbol: 'REIT', amount: '300' }),
    ]);
    expect(str(position(ledger, 'REIT')!.costBase)).toBe('700');
    expect(ledger.dispositions).toHaveLength(0);
    const beyond = runLedger([
      tx({ kind: 'buy', date: '2024-01-02', symbol: 'REIT', quantity: '100', price: '10' }),
      tx({ kind: 'return_of_capital', date: '2024-06-30', symbol: 'REIT', amount: '800' }),
      tx({ kind: 'return_of_capital', date: '2024-12-31', symbol: 'REIT', amount: '250' }),
      tx({ kind: 'return_of_capital', date: '2025-06-30', symbol: 'REIT', amount: '100' }),
    ]);
    expect(str(position(beyond, 'REIT')!.costBase)).toBe('0');
    expect(beyond.dispositions.map((d) => [d.reason, str(d.gainBase)])).toEqual([
      ['negative_acb', '50'],
      ['negative_acb', '100'],
    ]);
  });

  it('on FIFO lots: return of capital lowers each lot by units, and a lot whose cost it exceeds gains the excess', () => {
    const ledger = runLedger(
      [
        tx({ kind: 'buy', date: '2024-01-02', symbol: 'REIT', quantity: '100', price: '1' }, 0),
        tx({ kind: 'buy', date: '2024-02-01', symbol: 'REIT', quantity: '100', price: '20' }, 1),
        // 1.50 a unit: 150 off each lot; the first lot had only 100 of cost.
        tx({ kind: 'return_of_capital', date: '2024-06-30', symbol: 'REIT', amount: '300' }, 2),
        tx({ kind: 'sell', date: '2024-07-02', symbol: 'REIT', quantity: '100', price: '19' }, 3),
      ],
      { method: 'fifo' },
    );
    expect(ledger.dispositions.map((d) => [d.reason, str(d.costBase), str(d.gainBase)])).toEqual([
      ['negative_acb', '0', '50'],
      ['sale', '0', '1900'],
    ]);
    const left = position(ledger, 'REIT')!;
    expect([str(left.costBase), left.lots.map((l) => [l.id, str(l.costBase)])]).toEqual(['1850', [['t1', '1850']]]);
  });

  it('on FIFO lots: a split scales every lot’s units and keeps its cost', () => {
    const ledger = runLedger(
      [
        tx({ kind: 'buy', date: '2024-01-02', symbol: 'X', quantity: '10', price: '30' }, 0),
        tx({ kind: 'buy', date: '2024-02-01', symbol: 'X', quantity: '10', price: '40' }, 1),
        tx({ kind: 'split', date: '2024-03-01', symbol: 'X', ratio: '3:1' }, 2),
        tx({ kind: 'sell', date: '2024-04-01', symbol: 'X', quantity: '45', price: '15' }, 3),
      ],
      { method: 'fifo' },
    );
    // 30 units of the first lot (300) and 15 of the second's 30 (200 of 400).
    expect(ledger.dispositions.map((d) => [str(d.costBase), str(d.gainBase), d.lots.map((l) => [l.lotId, str(l.quantity)])])).toEqual([
      ['500', '175', [['t0', '30'], ['t1', '15']]],
    ]);
    expect(position(ledger, 'X')!.lots.map((l) => [str(l.quantity), str(l.costBase)])).toEqual([['15', '200']]);
  });
});

describe('cash, flows and transfers', () => {
  it('funds purchases in an account without recorded cash by implicit deposits', () => {
    const ledger = runLedger(
      [
        tx({ kind: 'buy', date: '2024-01-02', symbol: 'X', quantity: '10', price: '10', fee: '1' }),
        tx({ kind: 'sell', date: '2024-02-02', symbol: 'X', quantity: '5', price: '12' }),
        tx({ kind: 'buy', date: '2024-03-02', symbol: 'Y', quantity: '1', price: '100' }),
      ],
      { cashTrackedAccounts: new Set() },
    );
    expect(ledger.flows.map((f) => [f.date, str(f.amountBase), f.implicit])).toEqual([
      ['2024-01-02', '101', true],
      ['2024-03-02', '40', true],
    ]);
    expect(str(ledger.cash.get('a\u0000CAD')!)).toBe('0');
  });

  it('moves securities between accounts with their cost, and cash as flows that cancel overall', () => {
    const ledger = runLedger(
      [
        tx({ kind: 'deposit', date: '2024-01-01', amount: '1000' }),
        tx({ kind: 'buy', date: '2024-01-02', symbol: 'X', quantity: '10', price: '50' }),
        tx({ kind: 'transfer', date: '2024-02-01', symbol: 'X', quantity: '4', toAccountId: 'b' }),
        tx({ kind: 'transfer', date: '2024-02-01', amount: '100', toAccountId: 'b' }),
      ],
      { method: 'fifo' },
    );
    expect([str(position(ledger, 'X', 'a')!.quantity), str(position(ledger, 'X', 'b')!.costBase)]).toEqual(['6', '200']);
    expect(str(ledger.cash.get('b\u0000CAD')!)).toBe('100');
    const net = ledger.flows.filter((f) => f.date === '2024-02-01').reduce((s, f) => s + f.amountBase, 0n);
    expect(net).toBe(0n);
  });

  it('converts cash between currencies with the broker’s implied rate', () => {
    const ledger = runLedger([tx({ kind: 'fx_conversion', date: '2024-01-03', amount: '4000', toCurrency: 'USD', toAmount: '2985.07' })]);
    expect([str(ledger.cash.get('a\u0000CAD')!), str(ledger.cash.get('a\u0000USD')!)]).toEqual(['-4000', '2985.07']);
  });

  it('charges the fee of a transaction that is not a trade to the account’s cash, and counts it as a fee', () => {
    const rows = [
      tx({ kind: 'deposit', date: '2024-01-02', amount: '5000', fee: '15' }, 0),
      tx({ kind: 'fx_conversion', date: '2024-01-03', amount: '4000', toCurrency: 'USD', toAmount: '2985.07', fee: '9.99' }, 1),
      tx({ kind: 'buy', date: '2024-01-04', currency: 'USD', symbol: 'X', quantity: '10', price: '100', fee: '4.95' }, 2),
      tx({ kind: 'dividend', date: '2024-03-01', currency: 'USD', symbol: 'X', amount: '12', fee: '0.30' }, 3),
      tx({ kind: 'transfer', date: '2024-04-01', amount: '100', toAccountId: 'b', fee: '2' }, 4),
    ];
    const fx = fxFrom({ USDCAD: { '2024-01-01': '1.35' } });
    const ledger = runLedger(rows, { fx });
    // CAD: 5000 − 15 − 4000 − 9.99 − 100 − 2; USD: 2985.07 − 1004.95 + 12 − 0.30.
    expect(str(ledger.cash.get('a\u0000CAD')!)).toBe('873.01');
    expect(str(ledger.cash.get('a\u0000USD')!)).toBe('1991.82');
    expect(str(ledger.cash.get('b\u0000CAD')!)).toBe('100');
    // The deposit brought 5,000 in: its wire fee is a cost, not money taken out.
    expect(ledger.flows.filter((f) => f.accountId === 'a').map((f) => str(f.amountBase))).toEqual(['5000', '-100']);
    // A trade's fee stays its commission (in the cost), not a separate charge.
    expect(str(position(ledger, 'X')!.costLocal)).toBe('1004.95');
    const events = incomeEvents(rows.map((r, i) => parseEngineTx(r, i)), 'CAD', fx);
    expect(events.map((e) => [e.transactionId, e.kind, str(e.amountLocal), str(e.amountBase)])).toEqual([
      ['t0', 'fee', '-15', '-15'],
      ['t1', 'fee', '-9.99', '-9.99'],
      ['t3', 'dividend', '12', '16.2'],
      ['t3', 'fee', '-0.3', '-0.405'],
      ['t4', 'fee', '-2', '-2'],
    ]);
  });
});

describe('refusals name the transaction and the reason', () => {
  it('refuses selling more than is held', () => {
    const attempt = () =>
      runLedger([
        tx({ id: 'b1', kind: 'buy', date: '2024-01-02', symbol: 'X', quantity: '10', price: '1' }),
        tx({ id: 'oversell', kind: 'sell', date: '2024-01-03', symbol: 'X', quantity: '10.5', price: '1' }),
      ]);
    expect(attempt).toThrow(CoreError);
    expect(attempt).toThrow('sell X on 2024-01-03 (oversell) refused: selling 10.5 exceeds the 10 held in this account');
  });

  it('refuses a split or return of capital on nothing held, and a currency that differs from the holding', () => {
    expect(() => runLedger([tx({ id: 'sp', kind: 'split', date: '2024-01-02', symbol: 'X', ratio: '2:1' })])).toThrow(/no X is held/);
    expect(() =>
      runLedger([
        tx({ kind: 'buy', date: '2024-01-02', symbol: 'X', quantity: '1', price: '1' }),
        tx({ kind: 'buy', date: '2024-01-03', symbol: 'X', currency: 'USD', quantity: '1', price: '1' }),
      ]),
    ).toThrow(/held in CAD in this account, not USD/);
  });
});
