import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createCoreApi } from '../../core/src/api/create-core-api';
import { FolioDb } from '../../core/src/db/database';
import { startTestServer } from '../../sync-server/src/test-server';
import { ALERT_NOTIFICATION_PREFIX, showAlertNotification } from './alerts/alert-notify';
import { createAlertService } from './alerts/alert-service';
import { createBackgroundService } from './background-service';
import { latestQuote } from './quote-source';
import { REFRESH_ALARM, scheduleRefresh } from './refresh-schedule';

// The real sync server with its fixture provider: AAPL 244.6 USD on 2025-02-14, previous close 241.53.
const cleanups: (() => unknown)[] = [];
beforeEach(() => fakeBrowser.reset());
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function background({ withServer = true, schedule }: { withServer?: boolean; schedule?: (markets: readonly string[]) => Promise<number> } = {}) {
  const server = withServer ? await startTestServer() : null;
  if (server) cleanups.push(server.stop);
  const db = new FolioDb(`background-${crypto.randomUUID()}`);
  const core = createCoreApi({ db, now: () => new Date('2026-03-10T15:00:00'), ...(server ? { marketServerUrl: server.url } : {}) });
  cleanups.push(async () => {
    core.sync.stop();
    await db.delete();
  });
  await core.updateSettings({ baseCurrency: 'USD', locale: 'en-US' });
  const { account } = await core.ensureDefaultAccount();
  await core.addTransaction({ kind: 'buy', accountId: account.id, date: '2025-01-10', symbol: 'AAPL', currency: 'USD', quantity: '10', price: '200' });
  const alerts = createAlertService({ latestQuote: (s) => latestQuote(db, s), notify: (a, q) => showAlertNotification(a, q, 'en-US') });
  const service = createBackgroundService({ core, alerts, schedule: schedule ?? (() => scheduleRefresh(Date.parse('2026-03-10T15:00:00Z'))) });
  return { core, db, alerts, service };
}

const alertNotifications = async () => Object.entries(await fakeBrowser.notifications.getAll()).filter(([id]) => id.startsWith(ALERT_NOTIFICATION_PREFIX));

describe('background refresh: quotes, badge, alerts', () => {
  it('refreshes quotes, shows the day change on the badge and fires a crossed alert once', async () => {
    const { alerts, service } = await background();
    const crossed = await alerts.add({ symbol: 'AAPL', condition: { kind: 'above', level: '240' } });
    const notYet = await alerts.add({ symbol: 'AAPL', condition: { kind: 'below', level: '100' } });
    const move = await alerts.add({ symbol: 'AAPL', condition: { kind: 'dayMove', percent: '1.25' } });

    const first = await service.refresh();
    expect(first.quoteError).toBeUndefined();
    // (244.6 − 241.53) / 241.53 = +1.271 %
    expect(first.badge).toEqual({ text: '+1.3%', tone: 'up', title: 'Folio: portfolio day change +$30.70 (+1.27%)' });
    expect(await fakeBrowser.action.getBadgeText({})).toBe('+1.3%');
    expect(first.fired.sort()).toEqual([crossed.id, move.id].sort());
    const shown = await alertNotifications();
    expect(shown).toHaveLength(2);
    expect(shown.map(([, n]) => n.title).sort()).toEqual(['AAPL is at or above $240.00', 'AAPL moved (+1.27 % today)']);
    expect(shown.find(([, n]) => n.title.includes('above'))![1]).toMatchObject({ type: 'basic', message: 'AAPL is at $244.60. Your alert: above $240.00.', iconUrl: 'chrome-extension://test-extension-id/icon/128.png' });

    // The next refresh sees the same prices: nothing fires again.
    const second = await service.refresh();
    expect(second.fired).toEqual([]);
    expect(await alertNotifications()).toHaveLength(2);
    const listed = await alerts.list();
    expect(listed.map((a) => [a.id, a.status])).toEqual([
      [crossed.id, 'fired'],
      [notYet.id, 'armed'],
      [move.id, 'fired'],
    ]);
    expect(listed[0]!.quote).toMatchObject({ price: '244.6', currency: 'USD', previousClose: '241.53', day: '2025-02-14' });
    // Each refresh sets the next one (regular session: a minute later).
    expect(await fakeBrowser.alarms.get(REFRESH_ALARM)).toMatchObject({ scheduledTime: Date.parse('2026-03-10T15:01:00Z') });
    expect(service.status()).toMatchObject({ badge: { text: '+1.3%' }, nextRefreshAt: '2026-03-10T15:01:00.000Z', lastRefresh: { fired: [] } });
  });

  it('paces refreshes by the hours of the markets held and watched', async () => {
    const paced: (readonly string[])[] = [];
    const { alerts, service } = await background({ schedule: async (markets) => (paced.push(markets), Date.now() + 60_000) });
    await service.refresh();
    // AAPL only: US hours (US holidays such as Thanksgiving pause the minute-by-minute refresh).
    expect(paced.at(-1)).toEqual(['US']);
    await alerts.add({ symbol: 'XEQT.TO', condition: { kind: 'above', level: '40' } });
    await service.refresh();
    expect(paced.at(-1)).toEqual(['US', 'CA']);
  });

  it('fires an alert on a symbol not held: each refresh asks for the alerts’ symbols too', async () => {
    const { core, alerts, service } = await background();
    const qqq = await alerts.add({ symbol: 'QQQ', condition: { kind: 'above', level: '500' } });
    const outcome = await service.refresh();
    expect(outcome.fired).toEqual([qqq.id]);
    expect((await alertNotifications()).map(([, n]) => n.title)).toEqual(['QQQ is at or above $500.00']);
    // Its quote is stored for the alert; the holdings are unchanged.
    expect((await alerts.list())[0]!.quote).toMatchObject({ price: '538.15', currency: 'USD' });
    expect((await core.getHoldings()).holdings.map((h) => h.symbol)).toEqual(['AAPL']);
  });

  it('without a server: says why quotes were not refreshed, leaves the badge blank and fires nothing', async () => {
    const { alerts, service } = await background({ withServer: false });
    await alerts.add({ symbol: 'AAPL', condition: { kind: 'above', level: '100' } });
    const outcome = await service.refresh();
    expect(outcome.quoteError).toMatch(/No market data server/);
    expect(outcome.badge).toMatchObject({ text: '', tone: 'unknown', title: expect.stringContaining('day change unknown (no quote for today for AAPL)') });
    expect(outcome.fired).toEqual([]);
    expect(await alertNotifications()).toHaveLength(0);
  });

  it('refuses a duplicate alert and deleting one that is gone, naming the field', async () => {
    const { alerts } = await background({ withServer: false });
    const a = await alerts.add({ symbol: 'AAPL', condition: { kind: 'above', level: '240' } });
    await expect(alerts.add({ symbol: 'AAPL', condition: { kind: 'above', level: '240' } })).rejects.toMatchObject({ code: 'conflict', issues: [{ field: 'condition', message: 'Same alert already set' }] });
    await alerts.remove(a.id);
    await expect(alerts.remove(a.id)).rejects.toMatchObject({ code: 'not_found' });
    expect(await alerts.list()).toEqual([]);
  });
});
