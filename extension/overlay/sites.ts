/**
 * The sites the overlay can be switched on for, one permission each. The install asks for none
 * of these hosts: the options page requests a site's `origins` when the user turns it on
 * (optional host permissions) and registers the content script for exactly those patterns.
 * Plain data: imported by the options page, the background's overlay service and the manifest.
 */
export interface OverlaySite {
  id: string;
  label: string;
  /** What the overlay does there, for the options page. */
  description: string;
  /** Match patterns: the host permission asked for and where the content script runs. */
  origins: string[];
}

export const OVERLAY_SITES: readonly OverlaySite[] = [
  { id: 'questrade', label: 'Questrade', description: 'Positions tables and quote headers on my.questrade.com', origins: ['https://my.questrade.com/*'] },
  { id: 'wealthsimple', label: 'Wealthsimple', description: 'Holdings rows and security pages on my.wealthsimple.com', origins: ['https://my.wealthsimple.com/*'] },
  { id: 'yahoo', label: 'Yahoo Finance', description: 'Quote pages (/quote/SYMBOL)', origins: ['https://finance.yahoo.com/*', 'https://ca.finance.yahoo.com/*'] },
  { id: 'google-finance', label: 'Google Finance', description: 'Quote pages (/finance/quote/SYMBOL:EXCHANGE)', origins: ['https://www.google.com/finance/*'] },
];

/** Every origin any site may ask for: the manifest's `optional_host_permissions`. */
export const OVERLAY_ORIGINS: string[] = OVERLAY_SITES.flatMap((s) => s.origins);

/** Whether a match pattern of the simple forms above (`https://host/*`, `https://host/path/*`) covers a URL. */
export function patternMatches(pattern: string, url: URL): boolean {
  const m = /^(https?|\*):\/\/([^/]+)(\/.*)$/.exec(pattern);
  if (!m) return false;
  const [, scheme, host, path] = m as unknown as [string, string, string, string];
  if (scheme !== '*' && `${scheme}:` !== url.protocol) return false;
  if (host.startsWith('*.') ? !(url.hostname === host.slice(2) || url.hostname.endsWith(host.slice(1))) : url.hostname !== host) return false;
  const prefix = path.endsWith('*') ? path.slice(0, -1) : path;
  return path.endsWith('*') ? url.pathname.startsWith(prefix) : url.pathname === prefix;
}

/** The supported site a URL belongs to, if any. */
export function siteForUrl(url: URL): OverlaySite | undefined {
  return OVERLAY_SITES.find((s) => s.origins.some((o) => patternMatches(o, url)));
}
