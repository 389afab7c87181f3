/** Shows a fired price alert as a browser notification; clicking it opens the dashboard. */
import { browser } from 'wxt/browser';
import { extensionUrl } from '../extension-url';
import type { AlertQuote, PriceAlert } from './alert-model';
import { alertNotification } from './alert-text';

export const ALERT_NOTIFICATION_PREFIX = 'folio.alert:';

export async function showAlertNotification(alert: PriceAlert, quote: AlertQuote, locale: string | undefined): Promise<void> {
  const { title, message } = alertNotification(alert, quote, locale);
  // A new id per firing: a second crossing shows a second notification, not a silent update.
  await browser.notifications.create(`${ALERT_NOTIFICATION_PREFIX}${alert.id}:${Date.now()}`, {
    type: 'basic',
    iconUrl: extensionUrl('/icon/128.png'),
    title,
    message,
    priority: 1,
  });
}

/** Opens the dashboard when an alert's notification is clicked (registered at service-worker start). */
export function openDashboardOnClick(): void {
  browser.notifications.onClicked.addListener((id) => {
    if (!id.startsWith(ALERT_NOTIFICATION_PREFIX)) return;
    void browser.tabs.create({ url: extensionUrl('/dashboard.html') });
    void browser.notifications.clear(id);
  });
}
