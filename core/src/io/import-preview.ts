/**
 * The validation and de-duplication step every importer (generic CSV, Questrade export)
 * goes through: candidate inputs in, an all-or-nothing preview out. Pure; no database.
 */
import { CoreError, type FieldIssue } from '../errors';
import { abs, dec, isDecimalString, toDecimalString } from '../money/decimal';
import { parseTransactionInput, type ValidTransaction } from '../model/transaction-schema';
import type { ImportReviewRow } from '../db/rows';

/** A validated row ready to store: the account and source are always set. */
export type ImportedTransaction = ValidTransaction & { accountId: string; source: string };
/** Alias kept for callers written against the import brief. */
export type TransactionInputLike = ImportedTransaction;

export interface ImportPreview {
  ready: { line: number; row: ImportedTransaction }[];
  errors: { line: number; issues: FieldIssue[] }[];
  duplicates: { line: number; reason: string }[];
  /**
   * Rows the importer could read but not turn into a transaction (a Questrade activity the
   * mapping sends to review): they do not block the file; the import stores them as review
   * items (`row`) for the user to enter by hand or dismiss. Absent for the generic CSV.
   */
  reviews?: { line: number; reason: string; row: ImportReviewRow }[];
}

/** What is already stored in the target account, for duplicate detection. */
export interface ExistingKeys {
  externalIds: ReadonlySet<string>;
  /** `importKey` of the stored rows. */
  keys: ReadonlySet<string>;
  /** Ids of the stored review items (a file imported again does not add its reviews twice). */
  reviewIds?: ReadonlySet<string>;
  /** How many stored review items have each `reviewKey` (the Questrade connection kept the same activity for review). */
  reviewKeys?: ReadonlyMap<string, number>;
}

/**
 * What a needs-review item is about, by content: its account, day and reason (the reason is
 * written from the activity's own fields by the one Questrade mapping, for the API and the
 * CSV alike). Their ids cannot match — the CSV has no symbol ids, so its activity keys differ —
 * so an activity the CSV import kept for review and the connection kept again are told apart
 * by this key, as transactions are by `importKey`.
 */
export function reviewKey(review: { accountId: string; date: string; reason: string }): string {
  return `${review.accountId}|${review.date}|${review.reason}`;
}

/**
 * One source row turned into a transaction input. `issues` found while mapping (an unknown
 * kind, an unreadable date) are reported together with the schema's issues for other fields.
 */
export interface ImportCandidate {
  /** 1-based file line (the header is line 1). */
  line: number;
  input: Record<string, unknown>;
  issues?: FieldIssue[];
}

export const NO_EXISTING: ExistingKeys = { externalIds: new Set(), keys: new Set() };

const normalized = (value: string | undefined): string =>
  value === undefined ? '' : isDecimalString(value) ? toDecimalString(dec(value)) : value.trim();

/** The content key used to spot a row imported twice: date|kind|symbol|quantity|price|amount|currency. */
export function importKey(row: {
  date: string;
  kind: string;
  currency: string;
  symbol?: string;
  quantity?: string;
  price?: string;
  amount?: string;
}): string {
  const symbol = (row.symbol ?? '').trim().toUpperCase();
  return [row.date.trim(), row.kind, symbol, normalized(row.quantity), normalized(row.price), normalized(row.amount), row.currency.trim().toUpperCase()].join('|');
}

/** The absolute value of a decimal string; anything unparseable is left for the schema to refuse. */
export function absDecimalString(value: string | undefined): string | undefined {
  return value !== undefined && isDecimalString(value) ? toDecimalString(abs(dec(value))) : value;
}

/**
 * Validates candidates with `parseTransactionInput` and sorts them into ready, error and
 * duplicate rows. A duplicate is a row whose externalId or content key is already stored,
 * or which repeats an earlier row of the same input. Two rows with the same content but
 * different externalIds are both kept: the source says they are distinct (two equal fills).
 */
export function buildPreview(candidates: readonly ImportCandidate[], today: string, existing: ExistingKeys = NO_EXISTING): ImportPreview {
  const preview: ImportPreview = { ready: [], errors: [], duplicates: [] };
  const seenKeys = new Map<string, { line: number; externalId?: string }>();
  const seenExternal = new Map<string, number>();
  for (const { line, input, issues: mapped = [] } of candidates) {
    let valid: ValidTransaction | undefined;
    let issues = [...mapped];
    if (!mapped.some((i) => i.field === 'kind')) {
      try {
        valid = parseTransactionInput(input, today, `Line ${line}`);
      } catch (error) {
        if (!(error instanceof CoreError)) throw error;
        const taken = new Set(mapped.map((i) => i.field));
        issues = [...mapped, ...error.issues.filter((i) => !taken.has(i.field))];
      }
    }
    if (!valid || issues.length) {
      preview.errors.push({ line, issues });
      continue;
    }
    const row = valid as ImportedTransaction;
    const key = importKey(row);
    const externalId = row.externalId;
    const earlier = seenKeys.get(key);
    let reason: string | undefined;
    if (externalId !== undefined && existing.externalIds.has(externalId)) reason = `Already imported (external id ${externalId})`;
    else if (existing.keys.has(key)) reason = 'Same date, kind, symbol, quantity, price, amount and currency as a stored transaction';
    else if (externalId !== undefined && seenExternal.has(externalId)) reason = `Repeats line ${seenExternal.get(externalId)} (same external id)`;
    else if (earlier && (externalId === undefined || earlier.externalId === undefined)) reason = `Repeats line ${earlier.line}`;
    if (reason) {
      preview.duplicates.push({ line, reason });
      continue;
    }
    if (!earlier) seenKeys.set(key, { line, ...(externalId !== undefined ? { externalId } : {}) });
    if (externalId !== undefined) seenExternal.set(externalId, line);
    preview.ready.push({ line, row });
  }
  return preview;
}

/**
 * Imports are all-or-nothing: refuses the whole preview when any line has errors, listing
 * every bad line ("line 7: quantity: Quantity must be greater than zero").
 */
export function assertImportable(preview: ImportPreview): void {
  if (preview.errors.length === 0) return;
  const issues = preview.errors.flatMap(({ line, issues: list }) =>
    list.map((issue) => ({ field: `line ${line}: ${issue.field}`, message: issue.message })),
  );
  const lines = preview.errors.length === 1 ? '1 line has' : `${preview.errors.length} lines have`;
  throw new CoreError('invalid_input', `Import refused: ${lines} errors\n${issues.map((i) => `${i.field}: ${i.message}`).join('\n')}`, issues);
}
