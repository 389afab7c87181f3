import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors';
import { assertImportable, guessMapping, importKey, kindFromWord, previewImport, readCsv, type ColumnMapping } from './csv-import';
import { NO_EXISTING } from './import-preview';

const TODAY = '2025-06-30';

function preview(text: string, mapping?: ColumnMapping, existing = NO_EXISTING) {
  const { headers, rows, lines } = readCsv(text);
  return previewImport({ headers, rows, lines, mapping: mapping ?? guessMapping(headers), accountId: 'acc1', today: TODAY, existing });
}

function refusal(run: () => unknown): CoreError {
  try {
    run();
  } catch (error) {
    if (error instanceof CoreError) return error;
    throw error;
  }
  throw new Error('expected a CoreError');
}

describe('readCsv', () => {
  it('strips the BOM, trims headers, skips blank lines and numbers rows by file line', () => {
    const table = readCsv('\uFEFF Date ,Symbol\r\n2025-01-02,AAPL\r\n\r\n  \r\n,\r\n"2025-01-03","multi\r\nline"\r\n2025-01-04,MSFT\r\n');
    expect(table.headers).toEqual(['Date', 'Symbol']);
    expect(table.rows).toEqual([['2025-01-02', 'AAPL'], ['2025-01-03', 'multi\r\nline'], ['2025-01-04', 'MSFT']]);
    expect(table.lines).toEqual([2, 6, 8]);
  });

  it('refuses malformed quoting, naming the line', () => {
    const error = refusal(() => readCsv('Date,Note\n2025-01-02,ok\n\n2025-01-03,"broken\n'));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('line 4');
    expect(error.issues[0]?.field).toBe('line 4');
  });

  it('refuses an empty file', () => {
    expect(refusal(() => readCsv('\uFEFF\n\n')).message).toContain('empty');
  });
});

describe('guessMapping', () => {
  it('recognises common header names case-insensitively', () => {
    expect(guessMapping(['Trade Date', 'Transaction Type', 'Ticker', 'Shares', 'PRICE', 'Net Amount', 'Commission', 'currency', 'Exchange Rate', 'Memo', 'Reference'])).toEqual({
      date: 'Trade Date', kind: 'Transaction Type', symbol: 'Ticker', quantity: 'Shares', price: 'PRICE', amount: 'Net Amount',
      fee: 'Commission', currency: 'currency', fxRate: 'Exchange Rate', note: 'Memo', externalId: 'Reference',
    });
    expect(guessMapping(['Date', 'Action', 'Symbol', 'Units', 'Total', 'Fee', 'FX Rate', 'Description', 'ID'])).toMatchObject({
      kind: 'Action', quantity: 'Units', amount: 'Total', fee: 'Fee', fxRate: 'FX Rate', note: 'Description', externalId: 'ID',
    });
  });

  it('leaves unknown headers unmapped', () => {
    expect(guessMapping(['Foo', 'Bar'])).toEqual({});
  });
});

describe('kindFromWord', () => {
  it.each([
    ['Bought', 'buy'], ['PURCHASE', 'buy'], ['sold', 'sell'], ['Div', 'dividend'], ['Dividends', 'dividend'], ['DRIP', 'drip'],
    ['Reinvest', 'drip'], ['Withholding', 'withholding_tax'], ['withholding_tax', 'withholding_tax'], ['Contribution', 'deposit'],
    ['Return of Capital', 'return_of_capital'], ['ROC', 'return_of_capital'], ['FX', 'fx_conversion'], ['Conversion', 'fx_conversion'],
    ['Opening', 'opening_position'], ['opening_position', 'opening_position'], ['Split', 'split'], ['Fee', 'fee'], ['Interest', 'interest'],
  ])('%s → %s', (word, kind) => expect(kindFromWord(word)).toBe(kind));

  it('knows nothing of other words', () => expect(kindFromWord('Journal')).toBeUndefined());
});

describe('previewImport', () => {
  const FILE = [
    'Date,Type,Symbol,Quantity,Price,Amount,Commission,Currency,Note,ID',
    '2025-01-02,Buy,aapl,10,150.50,,-1.00,USD,,b1',
    '2025-02-03,Sell,AAPL,-4,160,"$1,234.50",1,usd,trimmed,s1',
    '',
    '2025-03-04,Dividend,AAPL,,,2.40,,USD,,d1',
    '2025-03-05,Withdrawal,,,,-500,,CAD,,w1',
    '2025-03-06,Sell,AAPL,0,160,,,USD,,bad1',
    '2025-03-07,Swap,AAPL,1,1,,,USD,,bad2',
  ].join('\n');

  it('maps, validates and normalizes rows, taking sizes as absolute values where the kind fixes the sign', () => {
    const result = preview(FILE);
    expect(result.ready.map((r) => r.line)).toEqual([2, 3, 5, 6]);
    expect(result.ready[0]?.row).toEqual({ kind: 'buy', accountId: 'acc1', date: '2025-01-02', currency: 'USD', symbol: 'AAPL', quantity: '10', price: '150.5', fee: '1', externalId: 'b1', source: 'csv' });
    expect(result.ready[1]?.row).toMatchObject({ kind: 'sell', quantity: '4', price: '160', currency: 'USD', note: 'trimmed' });
    expect(result.ready[3]?.row).toMatchObject({ kind: 'withdrawal', amount: '500', currency: 'CAD' });
  });

  it('reports bad rows by file line with every issue, and the import refuses them all', () => {
    const result = preview(FILE);
    expect(result.errors).toEqual([
      { line: 7, issues: [{ field: 'quantity', message: 'Quantity must be greater than zero' }] },
      { line: 8, issues: [{ field: 'kind', message: 'Unknown kind "Swap"' }] },
    ]);
    const error = refusal(() => assertImportable(result));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('line 7: quantity: Quantity must be greater than zero');
    expect(error.message).toContain('line 8: kind: Unknown kind "Swap"');
    expect(error.issues).toHaveLength(2);
  });

  it('accepts a preview without errors', () => {
    expect(() => assertImportable(preview('Date,Type,Amount,Currency\n2025-01-02,Deposit,100,CAD'))).not.toThrow();
  });

  it('skips duplicates: stored external ids, stored content keys and repeats within the file', () => {
    const text = [
      'Date,Type,Symbol,Quantity,Price,Currency,ID',
      '2025-01-02,Buy,AAPL,10,150,USD,x1',
      '2025-01-03,Buy,AAPL,1.50,100.0,USD,',
      '2025-01-04,Buy,MSFT,1,300,USD,',
      '2025-01-04,Buy,MSFT,1.0,300,USD,',
      '2025-01-05,Buy,MSFT,1,300,USD,f1',
      '2025-01-05,Buy,MSFT,1,300,USD,f2',
      '2025-01-06,Buy,MSFT,1,300,USD,f1',
    ].join('\n');
    const existing = { externalIds: new Set(['x1']), keys: new Set([importKey({ date: '2025-01-03', kind: 'buy', symbol: 'aapl', quantity: '1.5', price: '100', currency: 'USD' })]) };
    const result = preview(text, undefined, existing);
    expect(result.errors).toEqual([]);
    expect(result.ready.map((r) => r.line)).toEqual([4, 6, 7]);
    expect(result.duplicates).toEqual([
      { line: 2, reason: 'Already imported (external id x1)' },
      { line: 3, reason: 'Same date, kind, symbol, quantity, price, amount and currency as a stored transaction' },
      { line: 5, reason: 'Repeats line 4' },
      { line: 8, reason: 'Repeats line 6 (same external id)' },
    ]);
  });

  it('uses defaults and the chosen date format', () => {
    const mapping: ColumnMapping = { date: 'When', amount: 'Value', defaults: { currency: 'CAD', kind: 'deposit' }, dateFormat: 'DD/MM/YYYY' };
    const result = preview('When,Value\n31/01/2025,100\n1/2/2025 10:00,5\n2025-02-03,7\n31/02/2025,1', mapping);
    expect(result.ready.map((r) => r.row.date)).toEqual(['2025-01-31', '2025-02-01', '2025-02-03']);
    expect(result.ready[0]?.row).toMatchObject({ kind: 'deposit', currency: 'CAD', amount: '100' });
    expect(result.errors).toEqual([{ line: 5, issues: [{ field: 'date', message: 'Date is not a real calendar day' }] }]);
  });

  it('asks for a date format rather than guessing day and month', () => {
    const result = preview('Date,Type,Amount,Currency\n03/04/2025,Deposit,1,CAD\n2025-07-01,Deposit,1,CAD');
    expect(result.errors[0]).toEqual({ line: 2, issues: [{ field: 'date', message: 'Date "03/04/2025" is ambiguous: choose the date format (MM/DD/YYYY or DD/MM/YYYY)' }] });
    expect(result.errors[1]?.issues).toEqual([{ field: 'date', message: 'Date 2025-07-01 is in the future (today is 2025-06-30)' }]);
  });

  it('refuses a mapping that names a column the file does not have', () => {
    const { headers, rows } = readCsv('Date,Amount\n2025-01-01,1');
    const error = refusal(() => previewImport({ headers, rows, mapping: { date: 'Date', amount: 'Total' }, accountId: 'a', today: TODAY, existing: NO_EXISTING }));
    expect(error.message).toBe('Column "Total" (mapped to amount) is not in the file');
  });

  it('numbers rows from line 2 when no line map is given', () => {
    const result = previewImport({ headers: ['Date', 'Type'], rows: [['2025-01-01', 'Deposit']], mapping: { date: 'Date', kind: 'Type' }, accountId: 'a', today: TODAY, existing: NO_EXISTING });
    expect(result.errors.map((e) => [e.line, e.issues.map((i) => i.field)])).toEqual([[2, ['currency', 'amount']]]);
  });
});
