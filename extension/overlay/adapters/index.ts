import type { SiteAdapter } from './adapter';
import { cashtags, quoteUrl } from './generic';
import { googleFinance } from './google-finance';
import { questrade } from './questrade';
import { wealthsimple } from './wealthsimple';
import { yahooFinance } from './yahoo-finance';

const SITE_ADAPTERS: SiteAdapter[] = [questrade, wealthsimple, yahooFinance, googleFinance];

/**
 * The adapters for a page: the site's own (or, without one, the `/quote/SYMBOL` URL pattern),
 * then, when the user chose it for the site, cashtag mentions in the text (news, discussions).
 * Mentions are opt-in: a page's own scripts can write a `$TICKER` and see whether a chip appears.
 */
export function adaptersFor(url: URL, { cashtags: mentions = false }: { cashtags?: boolean } = {}): SiteAdapter[] {
  const own = SITE_ADAPTERS.filter((a) => a.matches(url));
  if (own.length === 0 && quoteUrl.matches(url)) own.push(quoteUrl);
  return mentions ? [...own, cashtags] : own;
}
