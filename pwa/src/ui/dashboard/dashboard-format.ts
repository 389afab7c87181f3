import { toDecimalString, type Decimal } from '../../../../core/src/money/decimal';

/** A gain or change with its sign always written ("+$12.00", "−$3.50"), so color is never the only cue. */
export function formatSignedMoney(value: Decimal, currency: string, locale?: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency, signDisplay: 'exceptZero' }).format(toDecimalString(value) as unknown as number);
}

/** A return or change as a signed percentage ("+4.25 %"); "—" when unknown. */
export function formatSignedPercent(value: number | null | undefined, locale?: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', signDisplay: 'exceptZero', minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
}

/**
 * Amounts on a chart (plotted as floats, rounded to the currency's minor unit for display):
 * `text` for the summary, table and hover readout; `axis` drops the cents of large amounts.
 */
export function chartMoneyFormats(currency: string, locale?: string): { text: (v: number) => string; axis: (v: number) => string } {
  const whole = new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0 });
  const cents = new Intl.NumberFormat(locale, { style: 'currency', currency });
  return { text: (v) => cents.format(v), axis: (v) => (Math.abs(v) >= 1000 ? whole.format(v) : cents.format(v)) };
}

/** The CSS class telling gains from losses (the sign says it too). */
export function signClass(value: Decimal | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  return value > 0 ? 'gain' : value < 0 ? 'loss' : '';
}
