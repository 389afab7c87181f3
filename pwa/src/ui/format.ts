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

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How old a price is, in the largest unit that keeps it short: "5 min old", "3 h old", "2 d old". */
export function formatAge(ms: number): string {
  if (ms < MINUTE) return 'under 1 min old';
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min old`;
  if (ms < 2 * DAY) return `${Math.floor(ms / HOUR)} h old`;
  if (ms < 60 * DAY) return `${Math.floor(ms / DAY)} d old`;
  if (ms < 365 * DAY) return `${Math.floor(ms / (30 * DAY))} mo old`;
  return `${Math.floor(ms / (365 * DAY))} y old`;
}

/** A moment as a person reads it here: the time alone when it is today, else the date and time. */
export function formatTimestamp(iso: string, now: Date = new Date(), locale?: string): string {
  const at = new Date(iso);
  const sameDay = at.toDateString() === now.toDateString();
  return sameDay ? at.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' }) : at.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
}

/** The full timestamp, for a title or an accessible label. */
export function formatFullTimestamp(iso: string, locale?: string): string {
  return new Date(iso).toLocaleString(locale, { dateStyle: 'full', timeStyle: 'long' });
}
