import { toDecimalString, type Decimal } from '../../../core/src/money/decimal';

/**
 * Display formatting. Intl.NumberFormat formats decimal strings exactly (no float
 * conversion), so what is shown is the stored value rounded only for display.
 */
export function formatMoney(value: Decimal, currency: string, locale?: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(toDecimalString(value) as unknown as number);
}

export function formatQuantity(value: Decimal, locale?: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 8 }).format(toDecimalString(value) as unknown as number);
}
