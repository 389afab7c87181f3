import type { SiteAdapter } from './adapter';
import { cashtags, quoteUrl } from './generic';
import { googleFinance } from './google-finance';
import { questrade } from './questrade';
import { wealthsimple } from './wealthsimple';
import { yahooFinance } from './yahoo-finance';

const SITE_ADAPTERS: SiteAdapter[] = [questrade, wealthsimple, yahooFinance, googleFinance];

/**
 * The adapters for a page: the site's own (or, without one, the `/quote/SYMBOL` URL pattern),
 * then cashtag mentions in the text, which every page may have (news, discussions).
 */
export function adaptersFor(url: URL): SiteAdapter[] {
  const own = SITE_ADAPTERS.filter((a) => a.matches(url));
  if (own.length === 0 && quoteUrl.matches(url)) own.push(quoteUrl);
  return [...own, cashtags];
}
