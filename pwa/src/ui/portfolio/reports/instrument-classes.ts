/**
 * What the "Classify holdings" editor offers and saves: the asset classes, sectors and
 * countries it suggests, which held instruments still lack a classification, and the
 * instrument row to upsert (the core replaces the whole row, so untouched fields are carried).
 */
import type { InstrumentRow } from '../../../../../core/src/db/rows';

/**
 * Asset classes offered, stored as shown so the allocation chart, targets and insights read
 * them as they are. 'cash' is the key the allocation already gives cash balances, so a
 * money-market instrument classed as cash joins that bucket; the fund kinds contain
 * "ETF"/"fund" so the concentration rule knows a fund spreads its own risk.
 */
export const ASSET_CLASSES: readonly { value: string; label: string }[] = [
  { value: 'Equity', label: 'Equity (stocks)' },
  { value: 'ETF', label: 'ETF' },
  { value: 'Mutual fund', label: 'Mutual fund' },
  { value: 'Balanced fund', label: 'Balanced fund' },
  { value: 'Fixed income', label: 'Fixed income (bonds)' },
  { value: 'Real estate', label: 'Real estate' },
  { value: 'Commodity', label: 'Commodity' },
  { value: 'Crypto', label: 'Crypto' },
  { value: 'cash', label: 'Cash' },
  { value: 'Other', label: 'Other' },
];

/** The 11 GICS sectors, plus a choice for funds that hold every sector. */
export const SECTORS: readonly string[] = [
  'Communication Services',
  'Consumer Discretionary',
  'Consumer Staples',
  'Energy',
  'Financials',
  'Health Care',
  'Industrials',
  'Information Technology',
  'Materials',
  'Real Estate',
  'Utilities',
  'Diversified',
];

/**
 * Countries as names: the home-bias and country rules match "Canada" and "CA" alike, but the
 * allocation groups the text as typed, so one spelling (the name) is suggested throughout.
 */
export const COUNTRIES: readonly string[] = [
  'Canada',
  'United States',
  'United Kingdom',
  'Germany',
  'France',
  'Switzerland',
  'Netherlands',
  'Japan',
  'China',
  'Australia',
  'New Zealand',
  'Global',
];

export type ClassField = 'assetClass' | 'sector' | 'country';

/** Each field with the longest value the core (and sync) accept, so a long paste is refused before it is sent. */
export const CLASS_FIELDS: readonly { field: ClassField; label: string; max: number }[] = [
  { field: 'assetClass', label: 'Asset class', max: 40 },
  { field: 'sector', label: 'Sector', max: 80 },
  { field: 'country', label: 'Country', max: 80 },
];

export interface ClassDraft {
  assetClass: string;
  sector: string;
  country: string;
}

export interface HeldInstrument {
  symbol: string;
  row: InstrumentRow | undefined;
  /** The classification fields not set yet, in display order. */
  missing: ClassField[];
}

const filled = (value: string | undefined): boolean => !!value?.trim();

/** Held symbols with their instrument rows; those missing a field first, each group by symbol. */
export function heldInstruments(symbols: readonly string[], rows: readonly InstrumentRow[]): HeldInstrument[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const list = [...new Set(symbols)].map((symbol) => {
    const row = byId.get(symbol);
    return { symbol, row, missing: CLASS_FIELDS.map((f) => f.field).filter((f) => !filled(row?.[f])) };
  });
  return list.sort((a, b) => Number(b.missing.length > 0) - Number(a.missing.length > 0) || a.symbol.localeCompare(b.symbol));
}

export function draftOf(row: InstrumentRow | undefined): ClassDraft {
  return { assetClass: row?.assetClass ?? '', sector: row?.sector ?? '', country: row?.country ?? '' };
}

/**
 * The row to upsert: the stored one (name, exchange, currency kept) with the three fields as
 * drafted. A field left empty is removed, so clearing a value in the form clears it stored.
 */
export function instrumentPatch(symbol: string, row: InstrumentRow | undefined, draft: ClassDraft): Omit<InstrumentRow, 'updatedAt'> {
  const { updatedAt: _stamp, assetClass: _a, sector: _s, country: _c, ...kept } = row ?? { id: symbol, updatedAt: '' };
  const next: Omit<InstrumentRow, 'updatedAt'> = { ...kept, id: symbol };
  for (const { field } of CLASS_FIELDS) {
    const value = draft[field].trim();
    if (value) next[field] = value;
  }
  return next;
}

/** Values too long to store, said beside their field; empty when the draft can be saved. */
export function draftIssues(draft: ClassDraft): { field: ClassField; message: string }[] {
  return CLASS_FIELDS.filter(({ field, max }) => draft[field].trim().length > max).map(({ field, label, max }) => ({
    field,
    message: `${label} is at most ${max} characters (this one has ${draft[field].trim().length}).`,
  }));
}
