/**
 * Price alerts and their firing state in `storage.local`. Alerts are a setting of this browser
 * (where the notifications show), not portfolio data: they stay out of the portfolio database,
 * whose tables sync to the server. `storage.local` survives service-worker restarts and browser
 * updates, and only the background writes it (writes are queued, so no update is lost).
 */
import { storage } from 'wxt/utils/storage';
import type { AlertState, PriceAlert } from './alert-model';

const alertsItem = storage.defineItem<PriceAlert[]>('local:folio.alerts', { fallback: [] });
const statesItem = storage.defineItem<Record<string, AlertState>>('local:folio.alertStates', { fallback: {} });
/** A limit that keeps the list (and each refresh's checks) small. */
export const MAX_ALERTS = 100;

export interface StoredAlerts {
  alerts: PriceAlert[];
  states: Record<string, AlertState>;
}

let queue: Promise<unknown> = Promise.resolve();

export async function readAlerts(): Promise<StoredAlerts> {
  const [alerts, states] = await Promise.all([alertsItem.getValue(), statesItem.getValue()]);
  return { alerts, states };
}

/** Reads, changes and writes the alerts as one step; steps run one after another. */
export function updateAlerts<T>(change: (current: StoredAlerts) => { next: StoredAlerts; result: T }): Promise<T> {
  const step = queue.then(async () => {
    const { next, result } = change(await readAlerts());
    // One storage.local.set for both: the alerts and their states are written together.
    await storage.setItems([
      { item: alertsItem, value: next.alerts },
      { item: statesItem, value: next.states },
    ]);
    return result;
  });
  queue = step.catch(() => undefined);
  return step;
}
