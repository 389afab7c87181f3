import type { DataGap } from '../../../../core/src/engine/types';
import { toDecimalString, type Decimal } from '../../../../core/src/money/decimal';

/**
 * Formatting the portfolio grids need beyond ui/format.ts. Intl formats the decimal string
 * itself, so nothing passes through a float.
 */
const asNumber = (value: Decimal) => toDecimalString(value) as unknown as number;

/** A fraction (0.2199) as a percent ("21.99%"), signed when asked ("+21.99%"). */
export function formatFraction(value: Decimal, locale: string, signed = false): string {
  return new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2, ...(signed ? { signDisplay: 'exceptZero' } : {}) }).format(asNumber(value));
}

/** A percent figure already in percent (a quote's changePercent), signed. */
export function formatPercentFigure(value: number, locale: string): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' }).format(value) + '%';
}

/** A per-unit price or cost: up to 4 decimals, since an ACB of 200.495 is not 200.50. */
export function formatUnitMoney(value: Decimal, currency: string, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 4 }).format(asNumber(value));
}

/** A gain or change, with its sign shown ("+$441.05", "−$12.50"). */
export function formatSignedMoney(value: Decimal, currency: string, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency, signDisplay: 'exceptZero' }).format(asNumber(value));
}

/** Why a figure is missing, in words: the missing prices and exchange rates behind it, one phrase per rate or symbol. */
export function describeGaps(gaps: readonly DataGap[]): string {
  if (gaps.length === 0) return 'Not known';
  const dates = new Map<string, string[]>();
  for (const g of gaps) {
    const what = g.kind === 'missing_fx' ? `no ${g.from}→${g.to} exchange rate` : `no price for ${g.symbol}`;
    const list = dates.get(what) ?? [];
    if (!list.includes(g.date)) list.push(g.date);
    dates.set(what, list.sort());
  }
  const text = [...dates].map(([what, on]) => `${what} (${on.join(', ')})`).join('; ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
