import { describe, expect, it } from 'vitest';
import { dec } from '../money/decimal';
import type { TransactionRow } from '../model/transaction';
import { guessMapping, previewImport, readCsv } from './csv-import';
import { dispositionCsvRow, holdingsToCsv, realizedGainsToCsv, toCsv, transactionsToCsv } from './csv-export';
import { NO_EXISTING } from './import-preview';

const base = { accountId: 'acc1', createdAt: '2025-01-01T00:00:00Z', currency: 'USD' };
const ROWS: TransactionRow[] = [
  { ...base, id: 't1', kind: 'buy', date: '2025-01-02', symbol: 'AAPL', quantity: '10', price: '150.123456', fee: '0.99', note: 'first, "quoted"\nline two' },
  { ...base, id: 't0', kind: 'deposit', date: '2025-01-01', amount: '10000', currency: 'CAD', externalId: 'bank-1' },
  { ...base, id: 't2', kind: 'sell', date: '2025-02-02', symbol: 'AAPL', quantity: '4', price: '160', fee: '0', fxRate: '1.3512' },
  { ...base, id: 't3', kind: 'dividend', date: '2025-03-01', symbol: 'AAPL', amount: '2.4' },
  { ...base, id: 't4', kind: 'withholding_tax', date: '2025-03-01', symbol: 'AAPL', amount: '0.36' },
  { ...base, id: 't5', kind: 'drip', date: '2025-03-02', symbol: 'VFV.TO', quantity: '0.0123', price: '120', currency: 'CAD' },
  { ...base, id: 't6', kind: 'split', date: '2025-04-01', symbol: 'AAPL', ratio: '4:1' },
  { ...base, id: 't7', kind: 'return_of_capital', date: '2025-04-02', symbol: 'VFV.TO', amount: '1.5', currency: 'CAD' },
  { ...base, id: 't8', kind: 'fx_conversion', date: '2025-04-03', amount: '1000', currency: 'CAD', toCurrency: 'USD', toAmount: '731.2' },
  { ...base, id: 't9', kind: 'transfer', date: '2025-04-04', symbol: 'AAPL', quantity: '2', toAccountId: 'acc2' },
  { ...base, id: 'ta', kind: 'opening_position', date: '2024-12-31', symbol: 'MSFT', quantity: '3', amount: '900' },
  { ...base, id: 'tb', kind: 'interest', date: '2025-05-01', amount: '0.01' },
  { ...base, id: 'tc', kind: 'fee', date: '2025-05-01', amount: '25', note: '=HYPERLINK("x")' },
  { ...base, id: 'td', kind: 'withdrawal', date: '2025-05-02', amount: '50' },
];

/** What an import of the row should give back: its input fields, not its local metadata. */
function asInput(row: TransactionRow) {
  const { id, createdAt, updatedAt, lotIds, source, ...input } = row;
  return { ...input, source: 'csv' };
}

describe('transactionsToCsv', () => {
  const csv = transactionsToCsv(ROWS);

  it('writes a stable header and date-ordered rows with decimals verbatim', () => {
    const [header, first, second] = csv.split('\r\n');
    expect(header).toBe('Date,Kind,Symbol,Quantity,Price,Amount,Fee,Currency,FX Rate,Ratio,To Account,To Currency,To Amount,Note,External ID,Account');
    expect(first).toBe('2024-12-31,opening_position,MSFT,3,,900,,USD,,,,,,,,acc1');
    expect(second).toBe('2025-01-01,deposit,,,,10000,,CAD,,,,,,,bank-1,acc1');
    expect(csv).toContain('2025-01-02,buy,AAPL,10,150.123456,,0.99,USD,,,,,,"first, ""quoted""\nline two",,acc1');
  });

  it('neutralises spreadsheet formulas in text but not negative numbers', () => {
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect(toCsv([{ key: 'v', header: 'V' }], [{ v: dec('-12.5') }, { v: '-3' }, { v: '-x' }])).toBe(`V\r\n-12.5\r\n-3\r\n"'-x"`);
  });

  it('round-trips through readCsv, guessMapping and previewImport', () => {
    const plain = ROWS.filter((r) => r.id !== 'tc');
    const { headers, rows, lines } = readCsv(transactionsToCsv(plain));
    const preview = previewImport({ headers, rows, lines, mapping: guessMapping(headers), accountId: 'acc1', today: '2025-12-31', existing: NO_EXISTING });
    expect(preview.errors).toEqual([]);
    expect(preview.duplicates).toEqual([]);
    const byDate = [...plain].sort((a, b) => (a.date === b.date ? (a.id < b.id ? -1 : 1) : a.date < b.date ? -1 : 1));
    expect(preview.ready.map((r) => r.row)).toEqual(byDate.map(asInput));
  });
});

describe('holdingsToCsv and realizedGainsToCsv', () => {
  it('prints Decimals exactly and leaves missing values empty', () => {
    const csv = holdingsToCsv([
      { accountId: 'a', symbol: 'AAPL', currency: 'USD', quantity: dec('10.5'), costLocal: dec('1500.000001'), costBase: dec('2025.5'), marketValue: dec('1600'), marketValueBase: null },
      { symbol: 'XEQT.TO', currency: 'CAD', quantity: dec('1'), costBase: dec('30') },
    ]);
    expect(csv.split('\r\n')).toEqual([
      'Account,Symbol,Currency,Quantity,Cost,Cost (base),Market value,Market value (base),Unrealized gain (base)',
      'a,AAPL,USD,10.5,1500.000001,2025.5,1600,,',
      ',XEQT.TO,CAD,1,,30,,,',
    ]);
  });

  it('takes a column choice and writes realized gains, negative gains included', () => {
    const gain = {
      transactionId: 't2', accountId: 'a', date: '2025-02-02', symbol: 'AAPL', currency: 'USD', quantity: dec('4'),
      proceedsLocal: dec('640'), proceedsBase: dec('860'), costLocal: dec('700'), costBase: dec('900'), gainBase: dec('-40'),
      priceGainBase: dec('-80.6'), currencyGainBase: dec('40.6'), lots: [], reason: 'sale' as const,
    };
    expect(realizedGainsToCsv([gain]).split('\r\n')[1]).toBe('2025-02-02,a,AAPL,USD,4,640,700,860,900,-40,-80.6,40.6,sale,t2,,');
    expect(realizedGainsToCsv([gain], [{ key: 'symbol', header: 'Symbol' }, { key: 'gainBase', header: 'Gain' }])).toBe('Symbol,Gain\r\nAAPL,-40');
  });

  it('writes a sale whose exchange rate is missing with empty base amounts and the reason, never zeros', () => {
    const fxGap = { kind: 'missing_fx' as const, from: 'USD', to: 'CAD', date: '2024-08-20' };
    // As the ledger records it: the base amounts it could not convert are placeholders.
    const sale = {
      transactionId: 't3', accountId: 'acct-1', date: '2024-08-20', symbol: 'AAPL', currency: 'USD', quantity: dec('5'),
      proceedsLocal: dec('1130.25'), proceedsBase: dec('0'), costLocal: dec('755.75'), costBase: dec('0'), gainBase: dec('0'),
      priceGainBase: dec('0'), currencyGainBase: dec('0'), lots: [], reason: 'sale' as const, fxGap,
    };
    const [header, row] = realizedGainsToCsv([dispositionCsvRow(sale, 'Non-registered')]).split('\r\n');
    expect(header!.split(',').slice(-2)).toEqual(['Not known because', 'Denied loss (base)']);
    expect(row).toBe('2024-08-20,Non-registered,AAPL,USD,5,1130.25,755.75,,,,,,sale,t3,no USD→CAD exchange rate on 2024-08-20,');
  });

  it('writes a deemed sale into a registered plan with its denied loss, and one without a market price as not known', () => {
    const deemed = {
      transactionId: 't4', accountId: 'acct-1', date: '2024-09-03', symbol: 'XIU.TO', currency: 'CAD', quantity: dec('10'),
      proceedsLocal: dec('300'), proceedsBase: dec('300'), costLocal: dec('350'), costBase: dec('350'), gainBase: dec('-50'),
      priceGainBase: dec('-50'), currencyGainBase: dec('0'), lots: [], reason: 'transfer_to_registered' as const, deniedLoss: dec('50'),
    };
    const unpriced = { ...deemed, transactionId: 't5', proceedsLocal: dec('0'), proceedsBase: dec('0'), gainBase: dec('-350'), deniedLoss: undefined, priceGap: { kind: 'missing_price' as const, symbol: 'XIU.TO', date: '2024-09-03' } };
    const [, known, unknown] = realizedGainsToCsv([dispositionCsvRow(deemed, 'Cash'), dispositionCsvRow(unpriced, 'Cash')]).split('\r\n');
    expect(known).toBe('2024-09-03,Cash,XIU.TO,CAD,10,300,350,300,350,-50,-50,0,transfer_to_registered,t4,,50');
    expect(unknown).toBe('2024-09-03,Cash,XIU.TO,CAD,10,0,350,,,,,,transfer_to_registered,t5,no price of XIU.TO on 2024-09-03,');
  });
});
