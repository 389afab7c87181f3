import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { handleOverlaySite } from './overlay-service';
import { disableSite, enableSite, OVERLAY_SCRIPT, siteStates, syncRegistrations } from './site-settings';
import { OVERLAY_SITES } from './sites';

/*
 * WXT's fake browser has storage but no permissions or scripting: this test gives it small
 * in-memory versions with the browsers' semantics (a request the user declines changes nothing;
 * registered scripts are keyed by id). The real browser path is covered by the Playwright spec.
 */
let granted: Set<string>;
let registered: Map<string, { id: string; matches?: string[]; js?: string[] }>;
let userAccepts: boolean;

beforeEach(() => {
  fakeBrowser.reset();
  granted = new Set();
  registered = new Map();
  userAccepts = true;
  const fb = fakeBrowser as unknown as Record<string, unknown>;
  fb['permissions'] = {
    contains: async ({ origins = [] }: { origins?: string[] }) => origins.every((o) => granted.has(o)),
    request: async ({ origins = [] }: { origins?: string[] }) => {
      if (userAccepts) for (const o of origins) granted.add(o);
      return userAccepts;
    },
    remove: async ({ origins = [] }: { origins?: string[] }) => {
      for (const o of origins) granted.delete(o);
      return true;
    },
  };
  fb['scripting'] = {
    getRegisteredContentScripts: async ({ ids }: { ids: string[] }) => ids.flatMap((id) => (registered.has(id) ? [registered.get(id)!] : [])),
    registerContentScripts: async (scripts: { id: string }[]) => {
      for (const s of scripts) {
        if (registered.has(s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
        registered.set(s.id, s);
      }
    },
    unregisterContentScripts: async ({ ids }: { ids: string[] }) => {
      for (const id of ids) registered.delete(id);
    },
  };
});

const questrade = OVERLAY_SITES.find((s) => s.id === 'questrade')!;
const google = OVERLAY_SITES.find((s) => s.id === 'google-finance')!;

describe('per-site overlay switch', () => {
  it('starts with every site off and asks for nothing', async () => {
    expect((await siteStates()).map((s) => s.enabled)).toEqual(OVERLAY_SITES.map(() => false));
    expect(await handleOverlaySite({ type: 'overlay.site', hostname: 'my.questrade.com' })).toEqual({ enabled: false });
  });

  it('turning a site on asks for its permission, then registers the overlay for exactly its patterns', async () => {
    expect(await enableSite(questrade)).toBe(true);
    expect([...granted]).toEqual(['https://my.questrade.com/*']);
    expect([...registered.values()]).toEqual([expect.objectContaining({ id: 'folio-overlay-questrade', matches: ['https://my.questrade.com/*'], js: [OVERLAY_SCRIPT] })]);
    expect((await siteStates()).find((s) => s.site.id === 'questrade')!.enabled).toBe(true);
    expect(await handleOverlaySite({ type: 'overlay.site', hostname: 'my.questrade.com' })).toEqual({ enabled: true });
    expect(await handleOverlaySite({ type: 'overlay.site', hostname: 'my.wealthsimple.com' })).toEqual({ enabled: false });
    expect(await handleOverlaySite({ type: 'overlay.site', hostname: 'evil.example' })).toEqual({ enabled: false });
    // Switching on twice does not register twice.
    expect(await enableSite(questrade)).toBe(true);
    expect(registered.size).toBe(1);
  });

  it('changes nothing when the user declines the permission', async () => {
    userAccepts = false;
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
    expect(await handleOverlaySite({ type: 'overlay.site', hostname: 'my.questrade.com' })).toEqual({ enabled: false });
    expect(await handleOverlaySite({ type: 'overlay.site', hostname: 'www.google.com' })).toEqual({ enabled: true });
  });

  it('treats a permission withdrawn in the browser’s settings as off, and drops the registration on sync', async () => {
    await enableSite(questrade);
    granted.clear(); // the user removed the site in the browser's extension settings
    expect((await siteStates()).find((s) => s.site.id === 'questrade')!.enabled).toBe(false);
    expect(await handleOverlaySite({ type: 'overlay.site', hostname: 'my.questrade.com' })).toEqual({ enabled: false });
    await syncRegistrations();
    expect(registered.size).toBe(0);
  });
});
