import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assertImportable, readCsv } from './csv-import';
import { mapQuestradeExport } from './questrade-csv';

const FIXTURE = readFileSync(new URL('../../../../shared/fixtures/questrade/export/SYNTHETIC_activities-export.csv', import.meta.url), 'utf8');
const OPTIONS = { accountIdFor: (n: string) => `qt-${n}`, today: '2024-12-31' };

function map(text: string, extra: Partial<Parameters<typeof mapQuestradeExport>[2]> = {}) {
  const { headers, rows, lines } = readCsv(text);
  return mapQuestradeExport(headers, rows, { ...OPTIONS, lines, ...extra });
}

/** The fixture with one row's cell replaced. */
function withCell(line: number, column: string, value: string): string {
  const fileLines = FIXTURE.trimEnd().split('\n');
  const header = fileLines[0]!.split(',');
  const cells = fileLines[line - 1]!.split(',');
  cells[header.indexOf(column)] = value;
  fileLines[line - 1] = cells.join(',');
  return fileLines.join('\n');
}

describe('mapQuestradeExport on the synthetic export', () => {
  const preview = map(FIXTURE);
  const byKind = (kind: string) => preview.ready.filter((r) => r.row.kind === kind).map((r) => r.row);

  it('maps every row, with no errors, duplicates or reviews', () => {
    expect(preview.errors).toEqual([]);
    expect(preview.duplicates).toEqual([]);
    expect(preview.reviews).toEqual([]);
    expect(preview.ready).toHaveLength(11);
    expect(preview.ready.map((r) => `${r.line}:${r.row.kind}`)).toEqual([
      '2:deposit', '3:fx_conversion', '5:buy', '6:buy', '7:dividend', '7:withholding_tax', '8:dividend', '9:interest', '10:sell', '11:fee', '12:withdrawal',
    ]);
    expect(() => assertImportable(preview)).not.toThrow();
    for (const { row } of preview.ready) expect(row).toMatchObject({ accountId: 'qt-55500001', source: 'questrade-csv' });
  });

  it('pairs the two FX legs into one conversion', () => {
    expect(byKind('fx_conversion')).toEqual([expect.objectContaining({ date: '2024-01-03', currency: 'CAD', amount: '4000', toCurrency: 'USD', toAmount: '2985.07' })]);
  });

  it('reads trades with absolute quantities and commissions, on the calendar day of the trade', () => {
    const [xeqt, msft] = byKind('buy');
    expect(xeqt).toMatchObject({ date: '2024-01-04', symbol: 'XEQT.TO', quantity: '100', price: '26.41', fee: '0', currency: 'CAD' });
    expect(msft).toMatchObject({ symbol: 'MSFT', quantity: '5', price: '370.6', fee: '4.95', currency: 'USD' });
    expect(byKind('sell')).toEqual([expect.objectContaining({ date: '2024-06-10', symbol: 'MSFT', quantity: '2', price: '427.1', fee: '4.95', currency: 'USD' })]);
  });

  it('splits the MSFT dividend into the gross amount and the tax withheld', () => {
    expect(byKind('dividend')[0]).toMatchObject({ date: '2024-03-14', symbol: 'MSFT', amount: '3.75', currency: 'USD' });
    expect(byKind('withholding_tax')).toEqual([expect.objectContaining({ date: '2024-03-14', symbol: 'MSFT', amount: '0.56', currency: 'USD' })]);
    expect(byKind('dividend')[1]).toMatchObject({ symbol: 'XEQT.TO', amount: '10.84', currency: 'CAD' });
  });

  it('maps cash movements: deposit, interest, fee charge and withdrawal', () => {
    expect(byKind('deposit')).toEqual([expect.objectContaining({ date: '2024-01-02', amount: '10000', currency: 'CAD' })]);
    expect(byKind('interest')).toEqual([expect.objectContaining({ amount: '1.12', currency: 'CAD' })]);
    expect(byKind('fee')).toEqual([expect.objectContaining({ amount: '0.35', currency: 'USD' })]);
    expect(byKind('withdrawal')).toEqual([expect.objectContaining({ date: '2024-07-15', amount: '500', currency: 'CAD' })]);
  });

  it('gives stable, unique composite external ids, so a second import is all duplicates', () => {
    const ids = preview.ready.map((r) => r.row.externalId);
    expect(ids[3]).toMatch(/^qt:55500001:2024-01-04:[0-9a-f]{32}:1$/);
    // The same file read again gives the same ids and row ids.
    expect(map(FIXTURE).ready.map((r) => [r.row.id, r.row.externalId])).toEqual(preview.ready.map((r) => [r.row.id, r.row.externalId]));
    expect(new Set(ids).size).toBe(ids.length);
    const again = map(FIXTURE, { existing: { externalIds: new Set(ids as string[]), keys: new Set() } });
    expect(again.ready).toEqual([]);
    expect(again.duplicates).toHaveLength(11);
  });
});

describe('mapQuestradeExport on edited exports', () => {
  it('reports a broken row by line and field, and the import is refused', () => {
    const preview = map(withCell(5, 'Quantity', 'abc'));
    expect(preview.errors).toEqual([{ line: 5, issues: [{ field: 'quantity', message: 'Quantity must be a plain number such as 12.50' }] }]);
    expect(preview.ready).toHaveLength(10);
    expect(() => assertImportable(preview)).toThrow('line 5: quantity: Quantity must be a plain number such as 12.50');
  });

  it('treats a positive fee line as a rebate (income) and accepts either sign on trades', () => {
    const rebate = map(withCell(11, 'Net Amount', '0.35'));
    expect(rebate.ready.find((r) => r.line === 11)?.row).toMatchObject({ kind: 'interest', amount: '0.35', note: 'Fee rebate: ECN FEE REBATE' });
    const positiveSell = map(withCell(10, 'Quantity', '2.00000'));
    expect(positiveSell.ready.find((r) => r.line === 10)?.row).toMatchObject({ kind: 'sell', quantity: '2' });
  });

  it('keeps an unpaired FX leg, an unknown activity and an unstorable symbol for review, without blocking the file', () => {
    const lines = FIXTURE.trimEnd().split('\n');
    lines.splice(3, 1); // drop the USD leg
    lines.push('2024-08-01 12:00:00 AM,2024-08-01 12:00:00 AM,JNL,XEQT.TO,JOURNAL,1.00000,0.00000000,0.00,0.00,0.00,CAD,55500001,Transfers,Individual TFSA');
    lines.push('2024-08-02 12:00:00 AM,2024-08-02 12:00:00 AM,DIV,XYZ UN,XYZ UNITS DIST,0.00000,0.00000000,0.00,0.00,12.50,CAD,55500001,Dividends,Individual TFSA');
    const preview = map(lines.join('\n'));
    expect(preview.errors).toEqual([]);
    expect(() => assertImportable(preview)).not.toThrow();
    // 11 rows of the fixture less the conversion.
    expect(preview.ready).toHaveLength(10);
    expect(preview.reviews?.map((r) => [r.line, r.reason])).toEqual([
      [3, 'FX conversion leg (-4000 CAD) has no opposite leg on 2024-01-03 in this account — enter the conversion by hand or dismiss it'],
      [12, '1 XEQT.TO moved in (JNL) — the other account or the cost is not in the activity: record it as a transfer between your accounts or an opening position with its cost'],
      [13, expect.stringMatching(/^Folio cannot store this activity as it is \(dividend — symbol "XYZ UN": Symbol must be 1–24 letters/)],
    ]);
    for (const { row } of preview.reviews!) {
      expect(row).toMatchObject({ accountId: 'qt-55500001', source: 'questrade-csv', id: expect.stringMatching(/^qtr-[0-9a-f]{32}$/), externalId: expect.stringMatching(/^qt:55500001:/) });
      expect(JSON.parse(row.raw)).toHaveProperty('netAmount');
    }
    expect(preview.reviews![2]!.row.date).toBe('2024-08-02');
    // Reviews already stored (the file imported again) are duplicates, not new review items.
    const again = map(lines.join('\n'), { existing: { externalIds: new Set(), keys: new Set(), reviewIds: new Set(preview.reviews!.map((r) => r.row.id)) } });
    expect(again.reviews).toEqual([]);
    expect(again.duplicates).toEqual([
      { line: 3, reason: 'Already kept for review' },
      { line: 12, reason: 'Already kept for review' },
      { line: 13, reason: 'Already kept for review' },
    ]);
  });

  it('numbers identical rows so both are kept', () => {
    const lines = FIXTURE.trimEnd().split('\n');
    lines.push(lines[4]!);
    const preview = map(lines.join('\n'));
    const buys = preview.ready.filter((r) => r.row.kind === 'buy' && r.row.symbol === 'XEQT.TO');
    const [first, second] = buys.map((r) => r.row.externalId!);
    expect(first).toMatch(/^qt:55500001:2024-01-04:[0-9a-f]{32}:1$/);
    expect(second).toBe(first!.replace(/:1$/, ':2'));
    expect(buys[0]!.row.id).not.toBe(buys[1]!.row.id);
  });

  it('maps a contribution between two accounts of the file to one transfer, through the shared mapping', () => {
    const lines = FIXTURE.trimEnd().split('\n');
    lines.push('2024-08-01 12:00:00 AM,2024-08-01 12:00:00 AM,CON,,CON 55500001 TO 55500002,0.00000,0.00000000,0.00,0.00,-300.00,CAD,55500001,Withdrawals,Individual TFSA');
    lines.push('2024-08-01 12:00:00 AM,2024-08-01 12:00:00 AM,CON,,CON 55500001 TO 55500002,0.00000,0.00000000,0.00,0.00,300.00,CAD,55500002,Deposits,Individual RRSP');
    const preview = map(lines.join('\n'));
    expect(preview.errors).toEqual([]);
    expect(preview.ready.filter((r) => r.row.kind === 'transfer').map((r) => r.row)).toEqual([
      expect.objectContaining({ accountId: 'qt-55500001', toAccountId: 'qt-55500002', amount: '300', currency: 'CAD', date: '2024-08-01', source: 'questrade-csv' }),
    ]);
    // The receiving account's row is the same transfer, so it is a duplicate, not a second deposit.
    expect(preview.duplicates).toEqual([{ line: 14, reason: 'Repeats line 13 (same external id)' }]);
  });

  it('refuses a cell with more digits than a number holds exactly', () => {
    const preview = map(withCell(5, 'Price', '26.410000000000000001'));
    expect(preview.errors).toEqual([{ line: 5, issues: [{ field: 'price', message: 'Price has more digits than can be read exactly' }] }]);
  });

  it('refuses a file that is not a Questrade export', () => {
    expect(() => map('Date,Amount\n2024-01-01,1')).toThrow(/missing column\(s\) Transaction Date, Action/);
  });
});
