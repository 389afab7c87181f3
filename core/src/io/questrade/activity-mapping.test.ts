import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkFields } from '../../sync/table-schemas';
import { activityBaseKey, mapQuestradeActivities, numberText, questradeAccountId, REVIEW_RAW_MAX, REVIEW_REASON_MAX } from './activity-mapping';
import type { QuestradeActivity } from './questrade-api-types';

const fixture = (path: string): QuestradeActivity[] =>
  (JSON.parse(readFileSync(new URL(`../../../../../shared/fixtures/questrade/${path}`, import.meta.url), 'utf8')) as { activities: QuestradeActivity[] }).activities;
const RECORDED = fixture('questrade-ts_activities.json');
const MIXED = fixture('synthetic/SYNTHETIC_questrade_activities_mixed.json');

const ACCOUNT = { accountId: questradeAccountId('00000000'), accountNumber: '00000000', resolveAccountId: (n: string) => (n === '11111111' ? questradeAccountId('11111111') : undefined) };
const map = (activities: QuestradeActivity[], account = ACCOUNT) => mapQuestradeActivities(activities, account);
const cash = (fields: Partial<QuestradeActivity>): QuestradeActivity => ({
  tradeDate: '2025-01-06T00:00:00.000000-05:00',
  transactionDate: '2025-01-06T00:00:00.000000-05:00',
  settlementDate: '2025-01-06T00:00:00.000000-05:00',
  action: '',
  symbol: '',
  symbolId: 0,
  description: '',
  currency: 'CAD',
  quantity: 0,
  price: 0,
  grossAmount: 0,
  commission: 0,
  netAmount: 0,
  type: 'Deposits',
  ...fields,
});

describe('mapQuestradeActivities on the recorded questrade-ts activities (options, FX, fees, expiries)', () => {
  const { transactions, reviews } = map(RECORDED);
  const bySymbol = (symbol: string) => transactions.filter((t) => t.symbol === symbol);

  it('maps all 18 rows (the two FX legs into one conversion) with nothing left for review', () => {
    expect(reviews).toEqual([]);
    expect(transactions).toHaveLength(17);
    for (const t of transactions) expect(t).toMatchObject({ accountId: 'qt-00000000', source: 'questrade', id: expect.stringMatching(/^qt-[0-9a-f]{32}$/) });
    expect(new Set(transactions.map((t) => t.id)).size).toBe(17);
  });

  it('keeps options as their own instruments, counted in contracts at a per-contract price', () => {
    expect(bySymbol('BAC18OCT19C29.00')).toEqual([expect.objectContaining({ kind: 'buy', date: '2019-10-11', quantity: '1', price: '73', fee: '5.7', currency: 'USD' })]);
    expect(bySymbol('BAC18OCT19C29.00')[0]!.note).toMatch(/^Option: 1 contract\(s\) × 100\. CALL BAC/);
    // The trade date, not the transaction date: tradeDate 2019-10-04, transactionDate 2019-10-07.
    expect(bySymbol('X4OCT19P11.00')).toEqual([expect.objectContaining({ kind: 'sell', date: '2019-10-04', quantity: '2', price: '18', fee: '6.46' })]);
  });

  it('puts the sub-cent rounding of a quoted price in the fee, so cash equals Questrade net amount', () => {
    // 9 contracts at 0.262222 × 100 = 235.9998, gross 236, net 219.34.
    const [buy, sell] = bySymbol('BAC11OCT19C29.00');
    expect(buy).toMatchObject({ kind: 'buy', quantity: '9', price: '5', fee: '11.7' });
    expect(sell).toMatchObject({ kind: 'sell', quantity: '9', price: '26.2222', fee: '16.6598' });
  });

  it('maps option expiries to a sale of the contracts at 0', () => {
    expect(bySymbol('ATVI4OCT19C55.50')).toEqual([expect.objectContaining({ kind: 'sell', date: '2019-10-07', quantity: '5', price: '0', fee: '0' })]);
    expect(transactions.filter((t) => t.note?.startsWith('Option expired'))).toHaveLength(4);
  });

  it('maps fees as fees and rebates as income labelled as such', () => {
    const fees = transactions.filter((t) => t.kind === 'fee').map((t) => t.amount);
    expect(fees.sort()).toEqual(['4.5', '8.97', '89.95']);
    const rebates = transactions.filter((t) => t.kind === 'interest');
    expect(rebates.map((t) => [t.amount, t.note])).toEqual([
      ['19.95', 'Fee rebate: SEP IQ DATA FEE REBATE'],
      ['250', 'Fee rebate: COMMISSION REBATE'],
    ]);
  });

  it('pairs the CAD and USD legs into one conversion with the implied rate', () => {
    expect(transactions.filter((t) => t.kind === 'fx_conversion')).toEqual([
      expect.objectContaining({ date: '2019-10-07', currency: 'CAD', amount: '12.06', toCurrency: 'USD', toAmount: '8.93', note: 'CONVERSION - CAD/USD at 0.74046434 USD per CAD (implied by the two legs)' }),
    ]);
  });
});

describe('mapQuestradeActivities on the SYNTHETIC mixed activities (every other type)', () => {
  const { transactions, reviews } = map(MIXED);
  const kind = (k: string) => transactions.filter((t) => t.kind === k);

  it('maps deposits, trades, dividends, interest and fees', () => {
    expect(kind('deposit')).toEqual([expect.objectContaining({ date: '2025-01-06', amount: '5000', currency: 'CAD' })]);
    expect(kind('buy').map((t) => [t.symbol, t.quantity, t.price, t.fee, t.currency])).toEqual([
      ['XEQT.TO', '100', '30.1', '5', 'CAD'],
      ['AAPL', '4', '237.5', '0', 'USD'],
    ]);
    expect(kind('dividend').map((t) => [t.symbol, t.amount, t.currency])).toEqual([
      ['XEQT.TO', '42.5', 'CAD'],
      ['AAPL', '0.85', 'USD'],
    ]);
    expect(kind('interest')).toEqual([expect.objectContaining({ amount: '4.11', currency: 'CAD' })]);
    expect(kind('fee')).toEqual([expect.objectContaining({ amount: '9.95', currency: 'CAD', date: '2025-03-04' })]);
    expect(kind('fx_conversion')).toEqual([expect.objectContaining({ currency: 'CAD', amount: '1400', toCurrency: 'USD', toAmount: '975.5' })]);
  });

  it('turns a withdrawal to another of the user\'s accounts into a transfer', () => {
    expect(kind('transfer')).toEqual([expect.objectContaining({ accountId: 'qt-00000000', toAccountId: 'qt-11111111', amount: '500', currency: 'CAD', date: '2025-02-20' })]);
    expect(kind('withdrawal')).toEqual([]);
  });

  it('keeps a withdrawal to an account Folio does not know as a withdrawal', () => {
    const { transactions: alone } = map(MIXED, { ...ACCOUNT, resolveAccountId: () => undefined });
    expect(alone.filter((t) => t.kind === 'withdrawal')).toEqual([expect.objectContaining({ amount: '500', currency: 'CAD', note: 'CON 00000000 TO 11111111' })]);
    expect(alone.filter((t) => t.kind === 'transfer')).toEqual([]);
  });

  it('maps both sides of an internal transfer to the same row', () => {
    const incoming = cash({ type: 'Deposits', action: 'CON', netAmount: 500, transactionDate: '2025-02-20T00:00:00.000000-05:00', description: 'CON 00000000 TO 11111111' });
    const receiver = { accountId: 'qt-11111111', accountNumber: '11111111', resolveAccountId: (n: string) => (n === '00000000' ? 'qt-00000000' : undefined) };
    const [fromReceiver] = mapQuestradeActivities([incoming], receiver).transactions;
    expect(fromReceiver).toEqual(kind('transfer')[0]);
  });

  it('sends securities journals, transfers-in and corporate actions to review, keeping the raw activity', () => {
    expect(reviews.map((r) => r.reason)).toEqual([
      expect.stringMatching(/^10 XEQT\.TO moved out \(JNL\)/),
      expect.stringMatching(/^10 XEQT\.TO moved in \(BRW\).*opening position/),
      expect.stringMatching(/^Corporate action \(CIL on ABC\.TO\)/),
    ]);
    for (const r of reviews) {
      expect(r).toMatchObject({ accountId: 'qt-00000000', source: 'questrade', id: expect.stringMatching(/^qtr-[0-9a-f]{32}$/) });
      expect(JSON.parse(r.raw)).toHaveProperty('netAmount');
      expect(r.externalId).toMatch(/^qt:00000000:2025-0\d-\d\d:[0-9a-f]{32}:1$/);
    }
    expect(reviews[2]!.date).toBe('2025-03-03');
  });
});

describe('mapQuestradeActivities: idempotence and edge cases', () => {
  it('gives identical rows when mapping twice, in any order, and for overlapping windows', () => {
    const once = map(RECORDED);
    const shuffled = map([...RECORDED].reverse());
    expect(shuffled.transactions).toEqual(once.transactions);
    expect(shuffled.reviews).toEqual(once.reviews);
    // Two overlapping windows: each day lies wholly in a window, so the ids agree.
    const early = map(RECORDED.filter((a) => a.transactionDate < '2019-10-10'));
    const late = map(RECORDED.filter((a) => a.transactionDate >= '2019-10-07'));
    const ids = new Set(once.transactions.map((t) => t.id));
    for (const t of [...early.transactions, ...late.transactions]) {
      expect(ids.has(t.id)).toBe(true);
      expect(t).toEqual(once.transactions.find((o) => o.id === t.id));
    }
    expect(new Set([...early.transactions, ...late.transactions].map((t) => t.id))).toEqual(ids);
  });

  it('keeps two identical rows of one day apart by an ordinal', () => {
    const fee = cash({ type: 'Fees and rebates', action: 'FCH', netAmount: -4.95, description: 'ECN FEE' });
    const { transactions } = map([fee, fee]);
    expect(transactions).toHaveLength(2);
    expect(transactions.map((t) => t.externalId!.slice(-2))).toEqual([':1', ':2']);
    expect(transactions[0]!.externalId).toMatch(/^qt:00000000:2025-01-06:[0-9a-f]{32}:1$/);
    expect(transactions[0]!.id).not.toBe(transactions[1]!.id);
  });

  it('builds the composite key from every field, numbers as exact decimal strings', () => {
    const row = cash({ type: 'Trades', action: 'Buy', symbol: 'AAPL', symbolId: 8049, quantity: 4, price: 237.5, grossAmount: -950, commission: -4.95, netAmount: -954.95, description: 'APPLE  INC' });
    expect(activityBaseKey('00000000', row)).toBe('qt|00000000|2025-01-06T00:00:00.000000-05:00|2025-01-06T00:00:00.000000-05:00|Trades|Buy|8049|CAD|4|237.5|-950|-4.95|-954.95|APPLE INC');
    expect(numberText(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(numberText(1e-7)).toBe('0.0000001');
    expect(numberText(-2.5e21)).toBe('-2500000000000000000000');
    expect(numberText(Number.NaN)).toBeUndefined();
    expect(numberText(1e-20)).toBeUndefined();
    expect(numberText('12' as unknown)).toBeUndefined();
  });

  it('pairs several conversions on one day and sends an unpaired leg to review', () => {
    const leg = (currency: string, netAmount: number) => cash({ type: 'FX conversion', action: 'FXT', currency, netAmount, description: 'CONVERSION' });
    const { transactions, reviews } = map([leg('CAD', -100), leg('USD', 70), leg('USD', -50), leg('CAD', 68), leg('USD', 10)]);
    expect(transactions.map((t) => `${t.amount} ${t.currency} → ${t.toAmount} ${t.toCurrency}`).sort()).toEqual(['100 CAD → 70 USD', '50 USD → 68 CAD']);
    expect(reviews).toEqual([expect.objectContaining({ date: '2025-01-06', reason: expect.stringMatching(/^FX conversion leg \(10 USD\) has no opposite leg on 2025-01-06/) })]);
  });

  it('splits a dividend with the tax named in its description, and maps a negative dividend as tax', () => {
    const div = cash({ type: 'Dividends', action: 'DIV', symbol: 'MSFT', currency: 'USD', netAmount: 3.19, description: 'MICROSOFT CORP CASH DIV ON 5 SHS REC 02/15/24 PAY 03/14/24 NON-RES TAX WITHHELD USD 0.56' });
    const tax = cash({ type: 'Dividends', action: '', symbol: 'MSFT', currency: 'USD', netAmount: -0.56, description: 'NON-RES TAX WITHHELD' });
    const { transactions } = map([div, tax]);
    expect(transactions.map((t) => [t.kind, t.amount])).toEqual(expect.arrayContaining([['dividend', '3.75'], ['withholding_tax', '0.56'], ['withholding_tax', '0.56']]));
    expect(transactions).toHaveLength(3);
  });

  it('maps margin interest charged as a fee, and a short option expiring as a buy at 0', () => {
    const charged = cash({ type: 'Interest', netAmount: -3.2, description: 'MARGIN INTEREST' });
    const shortExpiry = cash({ type: 'Other', action: 'EXP', symbol: 'X4Oct19P11.00', currency: 'USD', quantity: 2, description: 'PUT X OPTION EXPIRATION' });
    const { transactions } = map([charged, shortExpiry]);
    expect(transactions.map((t) => [t.kind, t.amount ?? t.quantity, t.price])).toEqual(expect.arrayContaining([['fee', '3.2', undefined], ['buy', '2', '0']]));
  });

  it('maps a cash journal from an unknown account as money in or out, and a known one as a transfer', () => {
    const jnlIn = cash({ type: 'Transfers', action: 'JNL', netAmount: 250, description: 'JOURNAL FROM 99999999' });
    const jnlOut = cash({ type: 'Transfers', action: 'TFO', netAmount: -75.5, description: 'TRANSFER OUT' });
    const jnlKnown = cash({ type: 'Transfers', action: 'JNL', netAmount: 40, description: 'JNL 11111111 TO 00000000' });
    const { transactions, reviews } = map([jnlIn, jnlOut, jnlKnown]);
    expect(reviews).toEqual([]);
    expect(transactions.map((t) => [t.kind, t.amount, t.accountId, t.toAccountId])).toEqual(
      expect.arrayContaining([
        ['deposit', '250', 'qt-00000000', undefined],
        ['withdrawal', '75.5', 'qt-00000000', undefined],
        ['transfer', '40', 'qt-11111111', 'qt-00000000'],
      ]),
    );
  });

  it('never drops an unknown or unreadable activity', () => {
    const unknown = cash({ type: 'Mystery', action: 'ZZZ', netAmount: 1 });
    const broken = cash({ type: 'Trades', action: 'Buy', symbol: 'AAPL', quantity: 'lots' as unknown as number });
    const undated = cash({ transactionDate: '', tradeDate: '', settlementDate: '' });
    const { transactions, reviews } = map([unknown, broken, undated]);
    expect(transactions).toEqual([]);
    expect(reviews.map((r) => r.reason).sort()).toEqual([
      'The activity has no readable date — enter it by hand if it matters',
      'Unknown Questrade activity "Mystery/ZZZ" — enter it by hand or dismiss it',
      'Unreadable quantity — check the activity at Questrade',
    ]);
  });
});

/** Every row as the sync server checks it: a single refusal would refuse the whole batch. */
function expectStorable(result: ReturnType<typeof mapQuestradeActivities>) {
  for (const t of result.transactions) expect([t.id, checkFields('transactions', t.id, t as unknown as Record<string, unknown>)]).toEqual([t.id, []]);
  for (const r of result.reviews) expect([r.id, checkFields('importReviews', r.id, r as unknown as Record<string, unknown>)]).toEqual([r.id, []]);
}

describe('mapQuestradeActivities: every row fits the sync schema (review finding 2)', () => {
  const spaced = cash({ type: 'Dividends', action: 'DIV', symbol: 'XYZ UN', symbolId: 5, netAmount: 12.5, description: 'XYZ CASH DIV' });
  const long = cash({ type: 'Trades', action: 'Buy', symbol: 'A'.repeat(30), symbolId: 6, quantity: 1, price: 1, grossAmount: -1, netAmount: -1, description: 'x' });
  const unknownType = cash({ type: 'Q'.repeat(520), action: 'ZZZ', netAmount: 1, description: 'y'.repeat(600) });
  const huge = cash({ type: 'Mystery', action: 'ZZZ', netAmount: 1, description: 'z'.repeat(20_000) });
  const fine = cash({ type: 'Deposits', action: 'DEP', netAmount: 100, description: 'DEPOSIT' });

  it('turns a transaction the schema refuses into a review naming the field, and keeps the others', () => {
    const result = map([spaced, long, fine]);
    expectStorable(result);
    expect(result.transactions).toEqual([expect.objectContaining({ kind: 'deposit', amount: '100' })]);
    expect(result.reviews.map((r) => r.reason).sort()).toEqual([
      expect.stringMatching(/^Folio cannot store this activity as it is \(buy — symbol "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA": Symbol must be 1–24 letters/),
      expect.stringMatching(/^Folio cannot store this activity as it is \(dividend — symbol "XYZ UN": Symbol must be 1–24 letters/),
    ]);
    // The raw activity is kept whole, and the review is tied to the activity as any other.
    const xyz = result.reviews.find((r) => r.reason.includes('XYZ UN'))!;
    expect(JSON.parse(xyz.raw)).toEqual(spaced);
    expect(xyz).toMatchObject({ accountId: 'qt-00000000', source: 'questrade', date: '2025-01-06', id: expect.stringMatching(/^qtr-[0-9a-f]{32}$/) });
    expect(result.origins.get(xyz.id)).toEqual([0]);
  });

  it('withdraws every row of an activity when one of them fails (a dividend and its tax)', () => {
    const taxed = cash({ type: 'Dividends', action: 'DIV', symbol: 'XYZ UN', currency: 'USD', netAmount: 3.19, description: 'XYZ UN CASH DIV NON-RES TAX WITHHELD USD 0.56' });
    const result = map([taxed]);
    expectStorable(result);
    expect(result.transactions).toEqual([]);
    expect(result.reviews).toHaveLength(1);
    expect(result.reviews[0]!.reason).toMatch(/dividend — symbol "XYZ UN".*withholding_tax — symbol "XYZ UN"/);
  });

  it('cuts a review reason and raw activity to their limits, keeping the raw JSON readable', () => {
    const result = map([unknownType, huge]);
    expectStorable(result);
    expect(result.transactions).toEqual([]);
    const [first, second] = result.reviews;
    for (const r of [first!, second!]) {
      expect(r.reason.length).toBeLessThanOrEqual(REVIEW_REASON_MAX);
      expect(r.raw.length).toBeLessThanOrEqual(REVIEW_RAW_MAX);
    }
    const unknown = result.reviews.find((r) => r.reason.includes('QQQ'))!;
    expect(unknown.reason).toMatch(/^Unknown Questrade activity "Q{59}…\/ZZZ" — enter it by hand or dismiss it$/);
    expect(JSON.parse(unknown.raw)).toEqual(unknownType);
    const big = result.reviews.find((r) => r.reason.includes('Mystery'))!;
    const raw = JSON.parse(big.raw) as QuestradeActivity;
    expect(raw).toMatchObject({ netAmount: 1, type: 'Mystery', action: 'ZZZ' });
    expect(raw.description).toBe(`${'z'.repeat(999)}…`);
  });

  it('reads the review limits from the sync schema', () => {
    expect([REVIEW_REASON_MAX, REVIEW_RAW_MAX]).toEqual([500, 10_000]);
  });

  it('keeps the recorded and synthetic activities storable as they are', () => {
    expectStorable(map(RECORDED));
    expectStorable(map(MIXED));
  });
});

describe('mapQuestradeActivities: options and the cash check on trades (review finding 5)', () => {
  const bac = (fields: Partial<QuestradeActivity>) =>
    cash({ type: 'Trades', action: 'Buy', symbol: 'BAC18Oct19C29.00', symbolId: 1, currency: 'USD', quantity: 9, price: 0.262222, grossAmount: -236, commission: -13.7, netAmount: -249.7, ...fields });

  it('detects an option by its Questrade symbol whatever the description says', () => {
    const byDescription = map([bac({ description: 'CALL BAC 10/18/19 29 BANK OF AMERICA' })]).transactions[0]!;
    const bySymbol = map([bac({ description: 'BAC OCT 18 2019 29.0 CALL' })]).transactions[0]!;
    const plain = map([bac({ description: 'BANK OF AMERICA 29 OCT 2019' })]).transactions[0]!;
    for (const t of [byDescription, bySymbol, plain]) expect(t).toMatchObject({ kind: 'buy', symbol: 'BAC18OCT19C29.00', quantity: '9', price: '26.2222', fee: '13.7002' });
    expect(bySymbol.note).toBe('Option: 9 contract(s) × 100. BAC OCT 18 2019 29.0 CALL');
  });

  it('sends a trade to review when its net amount is a cent or more away from price × quantity and commission', () => {
    // A stock whose net amount shows a 2.00 fee the commission column does not.
    const stock = cash({ type: 'Trades', action: 'Buy', symbol: 'AAPL', quantity: 4, price: 237.5, grossAmount: -950, commission: -4.95, netAmount: -956.95 });
    const { transactions, reviews } = map([stock]);
    expect(transactions).toEqual([]);
    expect(reviews).toEqual([
      expect.objectContaining({ reason: 'A buy of 4 AAPL whose net amount 956.95 CAD is not quantity × price (950) plus the commission 4.95 (2 apart) — check the price, contract size and fees at Questrade and enter it by hand' }),
    ]);
    expect(JSON.parse(reviews[0]!.raw)).toEqual(stock);
  });

  it('still absorbs a sub-cent rounding into the fee, and keeps the commission when the net amount is within a cent below', () => {
    const sell = cash({ type: 'Trades', action: 'Sell', symbol: 'MSFT', currency: 'USD', quantity: -3, price: 100.001, grossAmount: 0, commission: -4.95, netAmount: 295.05 });
    // 3 × 100.001 = 300.003; 300.003 − 295.05 = 4.953 → fee 4.953 (cash = 295.05 exactly).
    expect(map([sell]).transactions[0]).toMatchObject({ kind: 'sell', quantity: '3', price: '100.001', fee: '4.953' });
    const buy = cash({ type: 'Trades', action: 'Buy', symbol: 'MSFT', currency: 'USD', quantity: 3, price: 100.001, grossAmount: 0, commission: 0, netAmount: -300 });
    // Balancing −0.003: no negative fee, the commission (0) stays.
    expect(map([buy]).transactions[0]).toMatchObject({ kind: 'buy', price: '100.001', fee: '0' });
  });
});
