import { useSignal, useSignalEffect } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import type { ComponentType } from 'preact';
import type { AllocationBucket } from '../../core/src/engine/allocation';
import type { CoreClient } from '../../core/src/worker/connect-core';
import { createMarketStore, type MarketStore } from '../../pwa/src/state/market-store';
import type { HoldingsStore } from '../../pwa/src/state/holdings-store';
import type { PrefsStore } from '../../pwa/src/state/prefs-store';
import type { SyncStore } from '../../pwa/src/state/sync-store';
import { useWatch } from '../../pwa/src/state/use-watch';
import { DashboardLink } from './popup/dashboard-link';
import type { PopupLiveProps } from './popup/popup-live';
import { asOfLabel, type PopupSnapshot } from './popup/popup-snapshot';
import { PopupStatus } from './popup/popup-status';
import { QuickAdd } from './popup/quick-add';
import { PriceAlertsEntry } from './alerts/alerts-entry';
import './popup/popup.css';

export interface PopupServices {
  core: CoreClient;
  holdings: HoldingsStore;
  sync: SyncStore;
  prefs: PrefsStore;
}

/**
 * Live quotes come through the signed-in sync server only (the popup's own origin serves none),
 * so the market store — which starts them — is created once a session is known.
 */
function useMarket(core: CoreClient, sync: SyncStore): MarketStore | null {
  const market = useSignal<MarketStore | null>(null);
  useSignalEffect(() => {
    if (sync.overview.value?.session && !market.peek()) market.value = createMarketStore(core);
  });
  return market.value;
}

/** A clock for price ages while nothing else changes (the market store's, once there is one). */
function useNow(market: MarketStore | null): number {
  const tick = useSignal(Date.now());
  useEffect(() => {
    const id = setInterval(() => (tick.value = Date.now()), 30_000);
    return () => clearInterval(id);
  }, []);
  return market ? Math.max(market.now.value, tick.value) : tick.value;
}

/** The live view's chunk, fetched right after the first paint (the worker needs longer to answer). */
function usePopupLive(): { Live: ComponentType<PopupLiveProps> | null; failed: string | null } {
  const [Live, setLive] = useState<ComponentType<PopupLiveProps> | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    import('./popup/popup-live').then(
      (m) => setLive(() => m.PopupLive),
      (e: unknown) => setFailed(`The popup could not load its figures: ${e instanceof Error ? e.message : String(e)}`),
    );
  }, []);
  return { Live, failed };
}

/**
 * The toolbar popup: total value and day change, the five largest holdings with live prices, an
 * allocation mini-chart, sync and quote status, a quick buy form and the way to the dashboard.
 * Opens on the last saved numbers (marked "as of") and switches to the worker's as they arrive;
 * every new result is saved for the next open.
 */
export function Popup({ services, snapshot }: { services: PopupServices; snapshot: PopupSnapshot | null }) {
  const { core, holdings, sync, prefs } = services;
  const market = useMarket(core, sync);
  const now = useNow(market);
  const { Live, failed } = usePopupLive();
  const allocation = useWatch<{ buckets: AllocationBucket[]; missing: string[] }>(core, { kind: 'allocation', scope: {}, by: 'assetClass' });
  const summary = holdings.summary.value;
  const locale = prefs.locale.value;
  const fromSnapshot = !(summary && Live) && !!snapshot;
  return (
    <main class="popup">
      <header class="popup-head">
        <h1>Folio</h1>
        <DashboardLink />
      </header>
      {fromSnapshot && (
        <p class="popup-asof" data-snapshot>
          Last known numbers, as of <time dateTime={snapshot.savedAt}>{asOfLabel(snapshot, new Date())}</time> · updating…
        </p>
      )}
      {(holdings.error.value || failed) && (
        <p class="field-error" role="alert">
          {holdings.error.value ?? failed}
        </p>
      )}
      {summary && Live ? (
        <Live summary={summary} allocation={allocation.state === 'ready' ? allocation.value : null} allocationError={allocation.state === 'error' ? allocation.message : null} now={now} locale={locale} />
      ) : snapshot ? (
        // Markup this popup rendered itself and saved in its own origin's storage (see popup-snapshot.ts).
        <div class="popup-data" dangerouslySetInnerHTML={{ __html: snapshot.html }} />
      ) : (
        !holdings.error.value && <p class="muted">Loading your portfolio…</p>
      )}
      <PopupStatus sync={sync.overview.value} market={market?.status.value ?? null} now={now} locale={locale} />
      <QuickAdd core={core} />
      <PriceAlertsEntry locale={locale} />
    </main>
  );
}
