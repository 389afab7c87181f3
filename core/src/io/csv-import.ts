/**
 * Generic CSV import: read the file, map its columns onto transaction fields, preview the
 * result (ready, errors, duplicates) before anything is stored.
 */
import Papa from 'papaparse';
import { CoreError, type FieldIssue } from '../errors';
import type { TransactionKind } from '../model/transaction';
import { absDecimalString, buildPreview, type ExistingKeys, type ImportCandidate, type ImportPreview } from './import-preview';

export { assertImportable, importKey, type ExistingKeys, type ImportedTransaction, type ImportPreview, type TransactionInputLike } from './import-preview';

export interface CsvTable {
  headers: string[];
  rows: string[][];
  /** The 1-based file line each row starts on (blank lines and quoted newlines counted). */
  lines: number[];
}

/**
 * Parses CSV text with papaparse: BOM stripped, blank lines skipped, headers trimmed.
 * Malformed quoting refuses the file with the line it starts on.
 */
export function readCsv(text: string): CsvTable {
  const source = text.replace(/^\uFEFF/, '');
  const lineAt = lineCounter(source);
  const table: CsvTable = { headers: [], rows: [], lines: [] };
  const problems: FieldIssue[] = [];
  let start = 0;
  let sawHeader = false;
  Papa.parse<string[]>(source, {
    skipEmptyLines: false,
    step: (result) => {
      const line = lineAt(start);
      start = result.meta.cursor;
      for (const error of result.errors) {
        if (error.type !== 'Quotes') continue;
        const at = error.index !== undefined ? lineAt(error.index) : line;
        problems.push({ field: `line ${at}`, message: error.message });
      }
      const cells = result.data;
      if (cells.every((cell) => cell.trim() === '')) return;
      if (!sawHeader) {
        sawHeader = true;
        table.headers = cells.map((cell) => cell.trim());
        return;
      }
      table.rows.push(cells);
      table.lines.push(line);
    },
  });
  if (problems.length) {
    throw new CoreError('invalid_input', `The CSV file has malformed quoting: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`, problems);
  }
  if (!sawHeader) throw new CoreError('invalid_input', 'The CSV file is empty', [{ field: 'file', message: 'The CSV file is empty' }]);
  return table;
}

/** Maps character offsets to 1-based line numbers (offsets must not decrease). */
function lineCounter(text: string): (offset: number) => number {
  let at = 0;
  let line = 1;
  return (offset) => {
    for (; at < offset && at < text.length; at++) {
      if (text[at] === '\n' || (text[at] === '\r' && text[at + 1] !== '\n')) line++;
    }
    return line;
  };
}

export const MAPPABLE_FIELDS = [
  'date', 'kind', 'symbol', 'quantity', 'price', 'amount', 'fee', 'currency', 'fxRate',
  'ratio', 'toAccountId', 'toCurrency', 'toAmount', 'note', 'externalId',
] as const;
export type MappableField = (typeof MAPPABLE_FIELDS)[number];
export type DateFormat = 'YYYY-MM-DD' | 'MM/DD/YYYY' | 'DD/MM/YYYY';

/** Which header feeds each field, plus defaults for columns the file does not have. */
export type ColumnMapping = Partial<Record<MappableField, string>> & {
  defaults?: { currency?: string; kind?: TransactionKind };
  dateFormat?: DateFormat;
};

const HEADER_NAMES: Record<MappableField, string[]> = {
  date: ['date', 'trade date', 'transaction date', 'activity date'],
  kind: ['kind', 'type', 'transaction type', 'action', 'activity type', 'activity'],
  symbol: ['symbol', 'ticker', 'ticker symbol'],
  quantity: ['quantity', 'qty', 'shares', 'units'],
  price: ['price', 'unit price', 'share price', 'price per share'],
  amount: ['amount', 'total', 'net amount', 'total amount'],
  fee: ['fee', 'fees', 'commission', 'commissions'],
  currency: ['currency', 'ccy'],
  fxRate: ['fx rate', 'exchange rate'],
  ratio: ['ratio', 'split ratio'],
  toAccountId: ['to account', 'to account id', 'destination account'],
  toCurrency: ['to currency', 'target currency'],
  toAmount: ['to amount', 'converted amount'],
  note: ['note', 'notes', 'description', 'memo', 'comment'],
  externalId: ['external id', 'id', 'reference', 'ref', 'transaction id'],
};

const simplify = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

/** Guesses the mapping from common header names (case-insensitive); each header is used once. */
export function guessMapping(headers: readonly string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  const used = new Set<string>();
  for (const field of MAPPABLE_FIELDS) {
    for (const name of HEADER_NAMES[field]) {
      const header = headers.find((h) => simplify(h) === name && !used.has(h));
      if (header !== undefined) {
        mapping[field] = header;
        used.add(header);
        break;
      }
    }
  }
  return mapping;
}

const KIND_WORDS: Record<string, TransactionKind> = {
  buy: 'buy', bought: 'buy', purchase: 'buy', sell: 'sell', sold: 'sell', div: 'dividend', dividend: 'dividend',
  reinvest: 'drip', reinvestment: 'drip', drip: 'drip', interest: 'interest', fee: 'fee', tax: 'withholding_tax',
  withholding: 'withholding_tax', 'withholding tax': 'withholding_tax', deposit: 'deposit', contribution: 'deposit',
  withdrawal: 'withdrawal', transfer: 'transfer', split: 'split', roc: 'return_of_capital',
  'return of capital': 'return_of_capital', fx: 'fx_conversion', conversion: 'fx_conversion',
  'fx conversion': 'fx_conversion', opening: 'opening_position', open: 'opening_position', 'opening position': 'opening_position',
};

/** The kind a word names ("Bought", "DRIP", "Return of capital", "withholding_tax"), if any. */
export function kindFromWord(word: string): TransactionKind | undefined {
  const key = simplify(word);
  return KIND_WORDS[key] ?? (key.endsWith('s') ? KIND_WORDS[key.slice(0, -1)] : undefined);
}

/** Kinds whose direction is fixed, so a negative quantity or amount is read as its size. */
const SIGNLESS = new Set<TransactionKind>(['opening_position']);

function readDate(cell: string, format: DateFormat | undefined): { value: string } | { issue: string } {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s].*)?$/.exec(cell);
  if (iso) return { value: `${iso[1]}-${iso[2]!.padStart(2, '0')}-${iso[3]!.padStart(2, '0')}` };
  const slashed = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[T\s].*)?$/.exec(cell);
  if (!slashed || format === 'YYYY-MM-DD') return { issue: `Date "${cell}" is not in the ${format ?? 'YYYY-MM-DD'} format` };
  if (!format) return { issue: `Date "${cell}" is ambiguous: choose the date format (MM/DD/YYYY or DD/MM/YYYY)` };
  const [month, day] = format === 'MM/DD/YYYY' ? [slashed[1]!, slashed[2]!] : [slashed[2]!, slashed[1]!];
  return { value: `${slashed[3]}-${month.padStart(2, '0')}-${day.padStart(2, '0')}` };
}

/** "$1,234.50" → "1234.50"; anything else is passed on for the schema to judge. */
function readNumber(cell: string): string {
  const text = cell.trim().replace(/^(-?)\$/, '$1');
  return /^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text) ? text.replace(/,/g, '') : text;
}

/**
 * Maps every row through `mapping` and validates it; nothing is stored. Lines are 1-based
 * file lines (pass `lines` from `readCsv`; without it row i is taken to be line i + 2).
 */
export function previewImport(input: {
  rows: string[][];
  headers: string[];
  mapping: ColumnMapping;
  accountId: string;
  today: string;
  existing: ExistingKeys;
  lines?: number[];
}): ImportPreview {
  const { rows, headers, mapping, accountId } = input;
  const columns = new Map<MappableField, number>();
  for (const field of MAPPABLE_FIELDS) {
    const header = mapping[field];
    if (header === undefined || header === '') continue;
    const index = headers.findIndex((h) => h.trim().toLowerCase() === header.trim().toLowerCase());
    if (index < 0) throw new CoreError('invalid_input', `Column "${header}" (mapped to ${field}) is not in the file`, [{ field, message: `Column "${header}" is not in the file` }]);
    columns.set(field, index);
  }
  const candidates = rows.map((cells, i): ImportCandidate => {
    const line = input.lines?.[i] ?? i + 2;
    const cell = (field: MappableField) => {
      const index = columns.get(field);
      const value = index === undefined ? undefined : cells[index]?.trim();
      return value === '' ? undefined : value;
    };
    const issues: FieldIssue[] = [];
    const kindCell = cell('kind');
    const kind = kindCell === undefined ? mapping.defaults?.kind : kindFromWord(kindCell);
    if (!kind) issues.push({ field: 'kind', message: kindCell === undefined ? 'Kind is required' : `Unknown kind "${kindCell}"` });
    const dateCell = cell('date');
    const date = dateCell === undefined ? undefined : readDate(dateCell, mapping.dateFormat);
    if (date && 'issue' in date) issues.push({ field: 'date', message: date.issue });
    const signed = (field: MappableField) => {
      const value = cell(field);
      if (value === undefined) return undefined;
      return kind && !SIGNLESS.has(kind) ? absDecimalString(readNumber(value)) : readNumber(value);
    };
    const price = cell('price');
    const fxRate = cell('fxRate');
    const candidate: Record<string, unknown> = {
      kind,
      accountId,
      date: date && 'value' in date ? date.value : undefined,
      currency: cell('currency') ?? mapping.defaults?.currency,
      symbol: cell('symbol'),
      quantity: signed('quantity'),
      price: price === undefined ? undefined : readNumber(price),
      amount: signed('amount'),
      fee: signed('fee'),
      fxRate: fxRate === undefined ? undefined : readNumber(fxRate),
      ratio: cell('ratio'),
      toAccountId: cell('toAccountId'),
      toCurrency: cell('toCurrency'),
      toAmount: signed('toAmount'),
      note: cell('note'),
      externalId: cell('externalId'),
      source: 'csv',
    };
    return { line, input: candidate, issues };
  });
  return buildPreview(candidates, input.today, input.existing);
}
