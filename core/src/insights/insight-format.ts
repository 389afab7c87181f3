/**
 * Number formatting for insight texts, in the user's locale (the settings' `locale`). Money is
 * formatted from its exact decimal string (Intl formats strings without a float conversion),
 * so the only rounding is the display's. Ratios are plain numbers: they are only shown.
 */
import { toDecimalString, type Decimal } from '../money/decimal';

export interface InsightFormat {
  money(value: Decimal, currency: string): string;
  /** A fraction as a percentage: 0.342 → "34.2%". */
  percent(value: number | Decimal): string;
  /** A signed percentage point difference: 0.031 → "+3.1 pts". */
  points(value: number): string;
  quantity(value: Decimal): string;
  /** An ISO date, for reading: "Mar 10, 2026". */
  date(iso: string): string;
  /** A list joined the locale's way: "AAPL, MSFT and QQQ". */
  list(items: readonly string[]): string;
}

const SCALE = 1e18;

/** A Decimal as a number, for ratios that are only displayed. */
export function ratioOf(value: Decimal): number {
  return Number(value) / SCALE;
}

export function insightFormat(locale: string | undefined): InsightFormat {
  const percent = new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const points = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' });
  const quantity = new Intl.NumberFormat(locale, { maximumFractionDigits: 8 });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const list = typeof Intl.ListFormat === 'function' ? new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }) : undefined;
  const money = new Map<string, Intl.NumberFormat>();
  return {
    money(value, currency) {
      let format = money.get(currency);
      if (!format) money.set(currency, (format = new Intl.NumberFormat(locale, { style: 'currency', currency })));
      return format.format(toDecimalString(value) as unknown as number);
    },
    percent: (value) => percent.format(typeof value === 'number' ? value : ratioOf(value)),
    points: (value) => `${points.format(value * 100)} pts`,
    quantity: (value) => quantity.format(toDecimalString(value) as unknown as number),
    date: (iso) => date.format(new Date(`${iso}T00:00:00Z`)),
    list: (items) => (list ? list.format(items) : items.join(', ')),
  };
}
