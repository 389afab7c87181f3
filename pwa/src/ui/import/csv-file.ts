/**
 * Pure helpers for the import screen: what kind of CSV a file is (read from its header line
 * only, so the main thread never parses the file), how the preview's three lists read as one
 * table, and the dated names of exported files.
 */
import type { CsvFormat, ImportPreviewResult } from '../../../../core/src/api/core-api';
import type { MappableField } from '../../../../core/src/io/csv-import';

/** The columns only a Questrade activity export has together. */
const QUESTRADE_HEADERS = ['transaction date', 'action', 'net amount', 'account #', 'activity type'];

/** The header cells of the first non-blank line (quotes honoured, BOM stripped). */
export function headerCells(text: string): string[] {
  const source = text.replace(/^\uFEFF/, '');
  const lineEnd = (from: number) => {
    let quoted = false;
    for (let i = from; i < source.length; i++) {
      const c = source[i];
      if (c === '"') quoted = !quoted;
      else if (!quoted && (c === '\n' || c === '\r')) return i;
    }
    return source.length;
  };
  let start = 0;
  while (start < source.length) {
    const end = lineEnd(start);
    const line = source.slice(start, end);
    if (line.trim() !== '') return splitCsvLine(line);
    start = end + 1;
  }
  return [];
}

function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') cells.push(cell.trim()), (cell = '');
    else cell += c;
  }
  cells.push(cell.trim());
  return cells;
}

/** Questrade's activity export when all its distinctive columns are there; any other CSV is generic. */
export function detectFormat(headers: readonly string[]): CsvFormat {
  const have = new Set(headers.map((h) => h.trim().toLowerCase()));
  return QUESTRADE_HEADERS.every((h) => have.has(h)) ? 'questrade' : 'generic';
}

/** Data lines in the file (non-blank lines after the header): shown while the worker reads it. */
export function countDataLines(text: string): number {
  let lines = 0;
  for (const line of text.split(/\r\n|\n|\r/)) if (line.trim() !== '') lines++;
  return Math.max(0, lines - 1);
}

/** The fields offered in the column-mapping step, in the order a person fills them. */
export const MAPPING_FIELDS: { field: MappableField; label: string; required?: boolean }[] = [
  { field: 'date', label: 'Date', required: true },
  { field: 'kind', label: 'Kind (buy, sell, dividend…)', required: true },
  { field: 'symbol', label: 'Symbol' },
  { field: 'quantity', label: 'Quantity' },
  { field: 'price', label: 'Price' },
  { field: 'amount', label: 'Amount' },
  { field: 'fee', label: 'Fee / commission' },
  { field: 'currency', label: 'Currency', required: true },
  { field: 'note', label: 'Note' },
  { field: 'externalId', label: 'External id' },
];

/** 'review': a row the import keeps as a review item (a Questrade activity it cannot map), not an error. */
export type PreviewStatus = 'ready' | 'error' | 'duplicate' | 'review';

export interface PreviewLine {
  line: number;
  status: PreviewStatus;
  /** The parsed transaction, for ready rows. */
  row?: ImportPreviewResult['ready'][number]['row'];
  /** Error messages ("Quantity: must be greater than zero"), the duplicate's reason or why the row needs review. */
  messages: string[];
}

/** The preview's ready, error, duplicate and review rows as one list in file order. */
export function previewLines(preview: Pick<ImportPreviewResult, 'ready' | 'errors' | 'duplicates' | 'reviews'>): PreviewLine[] {
  const lines: PreviewLine[] = [
    ...preview.ready.map(({ line, row }) => ({ line, status: 'ready' as const, row, messages: [] })),
    ...preview.errors.map(({ line, issues }) => ({ line, status: 'error' as const, messages: issues.map((i) => `${i.field}: ${i.message}`) })),
    ...preview.duplicates.map(({ line, reason }) => ({ line, status: 'duplicate' as const, messages: [reason] })),
    ...(preview.reviews ?? []).map(({ line, reason }) => ({ line, status: 'review' as const, messages: [reason] })),
  ];
  return lines.sort((a, b) => a.line - b.line);
}

/**
 * The rows worth drawing for a big file: every error and duplicate, and the first `limit`
 * ready rows (a 50,000-row table would freeze the page and help nobody).
 */
export function linesToShow(lines: readonly PreviewLine[], limit = 200): { shown: PreviewLine[]; hidden: number } {
  let ready = 0;
  const shown = lines.filter((l) => l.status !== 'ready' || ready++ < limit);
  return { shown, hidden: lines.length - shown.length };
}

/** "folio-transactions-2026-11-24.csv": a download named for what it holds and the day it was made. */
export function datedFileName(what: string, extension: string, now: Date = new Date()): string {
  const day = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  return `folio-${what}-${day}.${extension}`;
}
