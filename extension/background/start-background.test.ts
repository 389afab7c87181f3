import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createCoreApi } from '../../core/src/api/create-core-api';
import { DEFAULT_DB_NAME, FolioDb } from '../../core/src/db/database';
import { MessageError, send } from '../messaging/send';
import { REFRESH_ALARM } from './refresh-schedule';
import { installFakeSiteApis } from '../overlay/fake-site-apis';
import { OVERLAY_SCRIPT } from '../overlay/site-settings';
import { startBackground } from './start-background';

// The whole background as the service worker starts it, over WXT's fake browser and an in-memory
// IndexedDB: messages go through runtime messaging, the refresh through the alarm listener.
let apis: ReturnType<typeof installFakeSiteApis>;
beforeAll(async () => {
  fakeBrowser.reset();
  apis = installFakeSiteApis();
  // Registered before this start, for a site whose permission is gone: the start drops it.
  await fakeBrowser.scripting.registerContentScripts([{ id: 'folio-overlay-questrade', matches: ['https://my.questrade.com/*'], js: [OVERLAY_SCRIPT] }]);
  startBackground();
});

describe('the started background', () => {
  it('answers typed messages through runtime messaging, validating them first', async () => {
    const added = await send({ type: 'alerts.add', symbol: 'xeqt.to', condition: { kind: 'dayMove', percent: '2.5' } });
    expect(added).toMatchObject({ symbol: 'XEQT.TO', condition: { kind: 'dayMove', percent: '2.5' }, status: 'armed' });
    expect((await send({ type: 'alerts.list' })).alerts.map((a) => a.id)).toEqual([added.id]);
    const refused = await send({ type: 'alerts.delete', id: '' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(MessageError);
    expect(refused).toMatchObject({ code: 'invalid_input', issues: [{ field: 'id', message: 'Alert id is required' }] });
    expect(await send({ type: 'alerts.delete', id: added.id })).toEqual({ deleted: added.id });
    // The overlay's handlers are registered too: an unsupported site is simply off.
    // (The fake runtime reports no sender URL: no site to check, so off; lookups are refused.)
    expect(await send({ type: 'overlay.site' })).toEqual({ enabled: false, cashtags: false });
    expect(await send({ type: 'overlay.lookup', symbols: ['XEQT.TO'] }).catch((e: unknown) => e)).toMatchObject({ code: 'forbidden' });
  });

  it('schedules a refresh on start, and the alarm runs it (no server: said so, badge blank)', async () => {
    await expect.poll(async () => (await send({ type: 'background.status' })).nextRefreshAt).toBeDefined();
    expect(await fakeBrowser.alarms.get(REFRESH_ALARM)).toBeDefined();
    expect(await fakeBrowser.action.getTitle({})).toBe('Folio: no holdings yet, so no day change');

    // A page (its own core over the same database) records a buy: the badge follows.
    const page = createCoreApi({ db: new FolioDb(DEFAULT_DB_NAME) });
    const { account } = await page.ensureDefaultAccount();
    await page.addTransaction({ kind: 'buy', accountId: account.id, date: '2026-01-05', symbol: 'XEQT.TO', currency: 'CAD', quantity: '10', price: '30.25' });
    await expect.poll(() => fakeBrowser.action.getTitle({})).toBe('Folio: day change unknown (no quote for today for XEQT.TO). Sign in to a Folio server for live prices.');
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');

    await fakeBrowser.alarms.onAlarm.trigger({ name: REFRESH_ALARM, scheduledTime: Date.now() });
    await expect.poll(async () => (await send({ type: 'background.status' })).lastRefresh?.quoteError).toMatch(/No market data server/);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
  });

  it('keeps the overlay registrations in line with the permissions: at start, and when one is removed in the browser', async () => {
    await expect.poll(() => apis.registered.has('folio-overlay-questrade')).toBe(false);
    // Wealthsimple switched on (granted, registered, chosen), then removed in the browser's settings.
    apis.granted.add('https://my.wealthsimple.com/*');
    await fakeBrowser.storage.local.set({ 'folio.overlay.sites': { wealthsimple: true } });
    await fakeBrowser.scripting.registerContentScripts([{ id: 'folio-overlay-wealthsimple', matches: ['https://my.wealthsimple.com/*'], js: [OVERLAY_SCRIPT] }]);
    apis.removeInBrowser(['https://my.wealthsimple.com/*']);
    await expect.poll(() => apis.registered.size).toBe(0);
  });

  it('opens the dashboard when an alert notification is clicked, and clears it', async () => {
    await fakeBrowser.notifications.create('folio.alert:a1:1', { type: 'basic', iconUrl: 'icon/128.png', title: 'XEQT.TO moved', message: 'm' });
    await fakeBrowser.notifications.onClicked.trigger('folio.alert:a1:1');
    await expect.poll(async () => (await fakeBrowser.tabs.query({})).map((t) => t.url)).toContain('chrome-extension://test-extension-id/dashboard.html');
    await expect.poll(async () => Object.keys(await fakeBrowser.notifications.getAll())).toEqual([]);
  });
});
