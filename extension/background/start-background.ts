/**
 * Starts the background: listeners first and synchronously (a service worker woken by a message
 * or an alarm only delivers it to listeners registered in its first turn), then the core, the
 * badge and the refresh schedule. Everything waits for the core through one promise.
 */
import { browser } from 'wxt/browser';
import { CoreError } from '../../core/src/errors';
import { createRouter, messageListener } from '../messaging/router';
import { handleOverlayLookup, handleOverlaySite } from '../overlay/overlay-service';
import { followSiteRegistrations } from '../overlay/site-settings';
import { showAlertNotification, openDashboardOnClick } from './alerts/alert-notify';
import { createAlertService, type AlertService } from './alerts/alert-service';
import { ensureSyncing, openBackgroundCore, type BackgroundCore } from './background-core';
import { createBackgroundService, type BackgroundService } from './background-service';
import { applyBadge } from './badge';
import { extensionUrl } from './extension-url';
import { latestQuote } from './quote-source';
import { ensureRefreshScheduled, REFRESH_ALARM, scheduleRefresh } from './refresh-schedule';

type Running = { core: BackgroundCore; service: BackgroundService; alerts: AlertService } | { core: null; reason: string; alerts: AlertService };

async function start(): Promise<Running> {
  const opened = await openBackgroundCore();
  const core = opened.core;
  const alerts = createAlertService({
    latestQuote: async (symbol) => (core ? latestQuote(core.db, symbol) : undefined),
    notify: async (alert, quote) => showAlertNotification(alert, quote, core ? (await core.getSettings()).locale || undefined : undefined),
  });
  if (!core) {
    const reason = 'reason' in opened ? opened.reason : 'Folio: background refresh is off';
    await applyBadge({ text: '', tone: 'unknown', title: reason });
    return { core: null, reason, alerts };
  }
  const service = createBackgroundService({ core, alerts, beforeRefresh: () => ensureSyncing(core), schedule: (markets) => scheduleRefresh(Date.now(), markets) });
  await ensureSyncing(core).catch(() => undefined);
  // The badge follows every change of the data, whichever context made it (a page's buy, a sync).
  await core.watch({ kind: 'holdings', scope: {} }, (result) => void service.onHoldings(result).catch((e: unknown) => console.error('Folio: badge update failed', e)));
  service.setScheduled(await ensureRefreshScheduled());
  return { core, service, alerts };
}

export function startBackground(): void {
  let running: Promise<Running> | null = null;
  // A failed start (the database could not open) is tried again by the next message or alarm.
  const started = () =>
    (running ??= start().catch((error: unknown) => {
      running = null;
      throw error;
    }));
  const withService = async () => {
    const r = await started();
    if (!r.core) throw new CoreError('conflict', r.reason);
    return r;
  };

  const route = createRouter(
    {
      // Both answer according to the sender's URL (as the browser reports it), not the message.
      'overlay.lookup': async (request, sender) => handleOverlayLookup((await withService()).core, request, sender),
      'overlay.site': (_request, sender) => handleOverlaySite(sender),
      'alerts.list': async () => ({ alerts: await (await started()).alerts.list() }),
      'alerts.add': async ({ symbol, condition }) => (await started()).alerts.add({ symbol, condition }),
      'alerts.delete': async ({ id }) => {
        await (await started()).alerts.remove(id);
        return { deleted: id };
      },
      'background.refresh': async () => (await withService()).service.refresh(),
      'background.status': async () => (await withService()).service.status(),
    },
    { extensionOrigin: extensionUrl('/') },
  );
  browser.runtime.onMessage.addListener(messageListener(route));
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name !== REFRESH_ALARM) return;
    void withService()
      .then((r) => r.service.refresh())
      .catch((error: unknown) => console.error('Folio: scheduled refresh failed', error));
  });
  openDashboardOnClick();
  void followSiteRegistrations();
  void started().catch((error: unknown) => console.error('Folio: the background could not start', error));
}
