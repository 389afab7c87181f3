/** ISO 4217 currency codes, as the runtime's Intl knows them (no hand-kept list). */
const known = new Set<string>(Intl.supportedValuesOf('currency'));

export type CurrencyCode = string;

export function isCurrencyCode(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && known.has(code);
}
