import type { CoreClient } from '../../core/src/worker/connect-core';
import type { HoldingsStore } from './state/holdings-store';
import { serverNow, type MarketStore } from './state/market-store';
import type { SyncStore } from './state/sync-store';
import { StoragePanel } from './ui/storage-panel';
import { SyncPanel } from './ui/sync-panel';
import { BuyForm } from './ui/buy-form';
import { HoldingsTable } from './ui/holdings-table';
import { DEMO_LABEL_ID, DemoLabel, MarketBanner, showsDemoPrices } from './ui/market-banner';
import { UpdatePrompt } from './ui/update-prompt';

export function App({ core, store, sync, market }: { core: CoreClient; store: HoldingsStore; sync: SyncStore; market: MarketStore }) {
  const holdings = store.summary.value?.holdings ?? null;
  const demo = showsDemoPrices(market, holdings);
  return (
    <main>
      <header class="app">
        <h1>Folio</h1>
        <span class="muted">Stored on this device{sync.overview.value?.session ? ' and synced' : ''}</span>
      </header>
      <UpdatePrompt />
      <MarketBanner store={market} />
      <section aria-labelledby="holdings-heading">
        <h2 id="holdings-heading">Holdings</h2>
        {demo && <DemoLabel />}
        {store.error.value ? (
          <p class="field-error" role="alert">{store.error.value}</p>
        ) : (
          <HoldingsTable holdings={holdings} now={serverNow(market.status.value, market.now.value)} {...(demo ? { describedBy: DEMO_LABEL_ID } : {})} />
        )}
      </section>
      <section aria-labelledby="add-heading">
        <h2 id="add-heading">Add a buy</h2>
        <BuyForm core={core} />
      </section>
      <SyncPanel core={core} store={sync} />
      <StoragePanel core={core} />
    </main>
  );
}
