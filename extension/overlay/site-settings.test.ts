import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { handleOverlaySite } from './overlay-service';
import { installFakeSiteApis } from './fake-site-apis';
import { disableSite, enableSite, followSiteRegistrations, OVERLAY_SCRIPT, setCashtags, siteStates, syncRegistrations } from './site-settings';
import { OVERLAY_SITES } from './sites';

let apis: ReturnType<typeof installFakeSiteApis>;
let granted: Set<string>;
let registered: Map<string, { id: string; matches?: string[]; js?: string[] }>;

beforeEach(() => {
  fakeBrowser.reset();
  apis = installFakeSiteApis();
  ({ granted, registered } = apis);
});

/** A content script's sender as the browser describes it: the frame's URL and its tab. */
const from = (url: string) => ({ url, tab: { id: 1, url } });

const questrade = OVERLAY_SITES.find((s) => s.id === 'questrade')!;
const google = OVERLAY_SITES.find((s) => s.id === 'google-finance')!;

describe('per-site overlay switch', () => {
  it('starts with every site off and asks for nothing', async () => {
    expect((await siteStates()).map((s) => s.enabled)).toEqual(OVERLAY_SITES.map(() => false));
    expect(await handleOverlaySite(from('https://my.questrade.com/trading/account/positions'))).toEqual({ enabled: false, cashtags: false });
  });

  it('turning a site on asks for its permission, then registers the overlay for exactly its patterns', async () => {
    expect(await enableSite(questrade)).toBe(true);
    expect([...granted]).toEqual(['https://my.questrade.com/*']);
    expect([...registered.values()]).toEqual([expect.objectContaining({ id: 'folio-overlay-questrade', matches: ['https://my.questrade.com/*'], js: [OVERLAY_SCRIPT] })]);
    expect((await siteStates()).find((s) => s.site.id === 'questrade')!.enabled).toBe(true);
    expect(await handleOverlaySite(from('https://my.questrade.com/trading/account/positions'))).toEqual({ enabled: true, cashtags: false });
    expect(await handleOverlaySite(from('https://my.wealthsimple.com/app/home'))).toEqual({ enabled: false, cashtags: false });
    expect(await handleOverlaySite(from('https://evil.example/quote/AAPL'))).toEqual({ enabled: false, cashtags: false });
    // Switching on twice does not register twice.
    expect(await enableSite(questrade)).toBe(true);
    expect(registered.size).toBe(1);
  });

  it('changes nothing when the user declines the permission', async () => {
    apis.state.userAccepts = false;
    expect(await enableSite(google)).toBe(false);
    expect(granted.size).toBe(0);
    expect(registered.size).toBe(0);
    expect((await siteStates()).every((s) => !s.enabled)).toBe(true);
  });

  it('turning a site off unregisters the overlay and gives the permission back', async () => {
    await enableSite(questrade);
    await enableSite(google);
    await disableSite(questrade);
    expect([...registered.keys()]).toEqual(['folio-overlay-google-finance']);
    expect([...granted]).toEqual(['https://www.google.com/finance/*']);
    expect(await handleOverlaySite(from('https://my.questrade.com/trading/account/positions'))).toEqual({ enabled: false, cashtags: false });
    expect(await handleOverlaySite(from('https://www.google.com/finance/quote/XEQT:TSE'))).toEqual({ enabled: true, cashtags: false });
  });

  it('treats a permission withdrawn in the browser’s settings as off, and drops the registration on sync', async () => {
    await enableSite(questrade);
    granted.clear(); // the user removed the site in the browser's extension settings
    expect((await siteStates()).find((s) => s.site.id === 'questrade')!.enabled).toBe(false);
    expect(await handleOverlaySite(from('https://my.questrade.com/trading/account/positions'))).toEqual({ enabled: false, cashtags: false });
    await syncRegistrations();
    expect(registered.size).toBe(0);
  });

  it('takes the site from the sender’s URL: the frame’s, else its tab’s; never a path outside the site’s patterns', async () => {
    await enableSite(google);
    expect(await handleOverlaySite({ tab: { id: 2, url: 'https://www.google.com/finance/quote/AAPL:NASDAQ' } })).toEqual({ enabled: true, cashtags: false });
    // Same host, outside /finance/: not the site that was switched on.
    expect(await handleOverlaySite(from('https://www.google.com/search?q=AAPL'))).toEqual({ enabled: false, cashtags: false });
    // No URL at all (nothing to check it against): off.
    expect(await handleOverlaySite({})).toEqual({ enabled: false, cashtags: false });
    expect(await handleOverlaySite(from('not a url'))).toEqual({ enabled: false, cashtags: false });
  });

  it('follows the browser: syncs the registrations at start and again when a permission is removed in its settings', async () => {
    await enableSite(questrade);
    await enableSite(google);
    // A registration left from before, for a site whose permission is gone (start-up sync drops it).
    granted.delete('https://my.questrade.com/*');
    await followSiteRegistrations();
    expect([...registered.keys()]).toEqual(['folio-overlay-google-finance']);
    // Later the user removes Google Finance in the browser's extension settings.
    apis.removeInBrowser(['https://www.google.com/finance/*']);
    await expect.poll(() => registered.size).toBe(0);
    expect(await handleOverlaySite(from('https://www.google.com/finance/quote/XEQT:TSE'))).toEqual({ enabled: false, cashtags: false });
  });

  it('marks $TICKER mentions only on the sites the user chose it for (off by default)', async () => {
    const yahoo = OVERLAY_SITES.find((s) => s.id === 'yahoo')!;
    await enableSite(yahoo);
    await enableSite(questrade);
    const page = from('https://finance.yahoo.com/quote/AAPL/');
    expect(await handleOverlaySite(page)).toEqual({ enabled: true, cashtags: false });
    await setCashtags(yahoo, true);
    expect(await handleOverlaySite(page)).toEqual({ enabled: true, cashtags: true });
    expect(await handleOverlaySite(from('https://my.questrade.com/trading'))).toEqual({ enabled: true, cashtags: false });
    expect((await siteStates()).filter((s) => s.cashtags).map((s) => s.site.id)).toEqual(['yahoo']);
    // A site switched off says nothing about its mentions either.
    await disableSite(yahoo);
    expect(await handleOverlaySite(page)).toEqual({ enabled: false, cashtags: false });
  });
});
