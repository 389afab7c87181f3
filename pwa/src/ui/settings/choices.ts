/**
 * The choices offered on the welcome and settings screens, and the small pure rules behind
 * them (what an ISO currency code looks like, what "delete everything" restores).
 */
import type { CostBasisMethod } from '../../../../core/src/engine/types';
// Types only: the backup module carries zod, which belongs in the worker, not this screen's chunk.
import type { Backup } from '../../../../core/src/io/backup';
import { dec } from '../../../../core/src/money/decimal';
import { formatMoney } from '../format';

/** Offered as buttons; any other ISO 4217 code can be typed. */
export const COMMON_CURRENCIES = ['CAD', 'USD'] as const;

/** The methods a portfolio may default to ("specific lot" is chosen per sale, not as a default). */
export const COST_BASIS_METHODS: { value: Exclude<CostBasisMethod, 'specific'>; label: string; hint: string }[] = [
  { value: 'average', label: 'Average cost (ACB)', hint: 'Canadian adjusted cost base: one average cost per holding. Required for Canadian taxes.' },
  { value: 'fifo', label: 'FIFO', hint: 'First in, first out: a sale uses the oldest units first.' },
  { value: 'lifo', label: 'LIFO', hint: 'Last in, first out: a sale uses the newest units first.' },
];

/** '' stands for the browser's own language. */
export const LOCALE_CHOICES: { value: string; label: string }[] = [
  { value: '', label: 'Browser default' },
  { value: 'en-CA', label: 'English (Canada)' },
  { value: 'fr-CA', label: 'Français (Canada)' },
  { value: 'en-US', label: 'English (United States)' },
];

/** Three capital letters that Intl knows as a currency (so a typo such as "CDN" is refused here, not later). */
export function isCurrencyCode(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  try {
    const supported = (Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('currency');
    return supported ? supported.includes(code) : true;
  } catch {
    return true;
  }
}

/** How money will look with these settings: "1 234,56 $" for fr-CA and CAD. */
export function moneyExample(currency: string, locale: string): string {
  return formatMoney(dec('1234.56'), currency, locale);
}

/** A backup with nothing in it: restoring it deletes every portfolio, account and transaction on this device. */
export function emptyBackup(now: Date): Backup {
  return { format: 'folio-backup', version: 1, exportedAt: now.toISOString(), tables: { portfolios: [], accounts: [], instruments: [], transactions: [], targets: [] } };
}

/** The word a person types to confirm deleting everything. */
export const RESET_WORD = 'DELETE';
