/**
 * The investor's home country, for home bias and country concentration. Folio has no country
 * setting: it is inferred from the base currency (a CAD portfolio is a Canadian investor's).
 * Instrument countries are free text ("CA", "Canada", "CAN"), so matching uses aliases.
 */
const HOME: Record<string, { code: string; name: string; aliases: string[] }> = {
  CAD: { code: 'CA', name: 'Canada', aliases: ['ca', 'can', 'canada'] },
  USD: { code: 'US', name: 'the United States', aliases: ['us', 'usa', 'united states', 'united states of america', 'u.s.', 'u.s.a.'] },
  GBP: { code: 'GB', name: 'the United Kingdom', aliases: ['gb', 'gbr', 'uk', 'united kingdom', 'great britain'] },
  AUD: { code: 'AU', name: 'Australia', aliases: ['au', 'aus', 'australia'] },
  JPY: { code: 'JP', name: 'Japan', aliases: ['jp', 'jpn', 'japan'] },
  CHF: { code: 'CH', name: 'Switzerland', aliases: ['ch', 'che', 'switzerland'] },
  NZD: { code: 'NZ', name: 'New Zealand', aliases: ['nz', 'nzl', 'new zealand'] },
};

export interface HomeCountry {
  /** ISO 3166 alpha-2. */
  code: string;
  name: string;
  /** Whether an instrument's country (as typed) is this one. */
  matches(country: string): boolean;
}

/** The home country of an investor keeping accounts in `baseCurrency`, or null when it cannot be told (EUR…). */
export function homeCountryOf(baseCurrency: string): HomeCountry | null {
  const home = HOME[baseCurrency];
  if (!home) return null;
  return { code: home.code, name: home.name, matches: (country) => home.aliases.includes(country.trim().toLowerCase()) };
}
