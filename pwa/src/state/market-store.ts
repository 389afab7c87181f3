import { signal } from '@preact/signals';
import type { MarketStatus } from '../../../core/src/market/market-status';
import { callback, type CoreClient } from '../../../core/src/worker/connect-core';

/**
 * The market status pushed by the worker into a signal, and a clock that ticks every 30 s so
 * price ages ("3 h old") stay true while nothing else changes. Starts live quotes: the app
 * shows current prices from the moment it opens.
 */
export function createMarketStore(core: CoreClient) {
  const status = signal<MarketStatus | null>(null);
  const now = signal(Date.now());
  void core.watch({ kind: 'market' }, callback((next: unknown) => (status.value = next as MarketStatus)));
  void core.startLiveQuotes().catch(() => undefined); // failures show in the status
  if (typeof window !== 'undefined') {
    setInterval(() => (now.value = Date.now()), 30_000);
    // The worker hears these too, but the page hears them first in every browser.
    window.addEventListener('offline', () => void core.setNetworkOnline(false));
    window.addEventListener('online', () => void core.setNetworkOnline(true));
  }
  return { status, now };
}

export type MarketStore = ReturnType<typeof createMarketStore>;

/** The device's clock corrected by the server's, so ages do not depend on a wrong device clock. */
export function serverNow(status: MarketStatus | null, deviceNow: number): number {
  return deviceNow + (status?.serverClockOffsetMs ?? 0);
}
