import { describe, expect, it } from 'vitest';
import { countDataLines, datedFileName, detectFormat, headerCells, linesToShow, previewLines } from './csv-file';

const QUESTRADE_HEADER =
  'Transaction Date,Settlement Date,Action,Symbol,Description,Quantity,Price,Gross Amount,Commission,Net Amount,Currency,Account #,Activity Type,Account Type';

describe('headerCells', () => {
  it('reads the first non-blank line, honouring quotes and a BOM', () => {
    expect(headerCells('\uFEFF\n\n"Trade, date",Symbol , "Say ""hi"""\r\n1,2,3')).toEqual(['Trade, date', 'Symbol', 'Say "hi"']);
  });
  it('is empty for an empty file', () => {
    expect(headerCells('  \n\n')).toEqual([]);
  });
});

describe('detectFormat', () => {
  it('knows a Questrade activity export by its columns', () => {
    expect(detectFormat(headerCells(`${QUESTRADE_HEADER}\n`))).toBe('questrade');
  });
  it('calls anything else generic', () => {
    expect(detectFormat(['Date', 'Action', 'Symbol', 'Quantity', 'Price', 'Currency'])).toBe('generic');
  });
});

describe('countDataLines', () => {
  it('counts non-blank lines after the header', () => {
    expect(countDataLines('a,b\n1,2\n\n3,4\r\n')).toBe(2);
    expect(countDataLines('')).toBe(0);
  });
});

describe('previewLines', () => {
  it('merges ready, error and duplicate rows in file order', () => {
    const lines = previewLines({
      ready: [{ line: 4, row: { kind: 'buy' } as never }],
      errors: [{ line: 3, issues: [{ field: 'quantity', message: 'Quantity must be greater than zero' }] }],
      duplicates: [{ line: 2, reason: 'Repeats line 1' }],
    });
    expect(lines.map((l) => [l.line, l.status])).toEqual([
      [2, 'duplicate'],
      [3, 'error'],
      [4, 'ready'],
    ]);
    expect(lines[1]!.messages).toEqual(['quantity: Quantity must be greater than zero']);
  });
});

describe('previewLines with review rows', () => {
  it('lists a row kept for review with its reason, in file order', () => {
    const lines = previewLines({
      ready: [{ line: 2, row: { kind: 'deposit' } as never }],
      errors: [],
      duplicates: [],
      reviews: [{ line: 3, reason: 'Corporate action (CIL on XEQT.TO): record it by hand', row: {} as never }],
    });
    expect(lines.map((l) => [l.line, l.status, l.messages])).toEqual([
      [2, 'ready', []],
      [3, 'review', ['Corporate action (CIL on XEQT.TO): record it by hand']],
    ]);
  });
});

describe('linesToShow', () => {
  it('keeps every problem row and only the first ready rows', () => {
    const lines = [...Array.from({ length: 5 }, (_, i) => ({ line: i + 2, status: 'ready' as const, messages: [] })), { line: 7, status: 'error' as const, messages: ['x'] }];
    const { shown, hidden } = linesToShow(lines, 2);
    expect(shown.map((l) => l.line)).toEqual([2, 3, 7]);
    expect(hidden).toBe(3);
  });
});

describe('datedFileName', () => {
  it('names the file for its content and the local day', () => {
    expect(datedFileName('backup', 'json', new Date(2025, 0, 5, 23, 59))).toBe('folio-backup-2025-01-05.json');
  });
});
