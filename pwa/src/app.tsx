import type { CoreClient } from '../../core/src/worker/connect-core';
import type { HoldingsStore } from './state/holdings-store';
import type { SyncStore } from './state/sync-store';
import { StoragePanel } from './ui/storage-panel';
import { SyncPanel } from './ui/sync-panel';
import { BuyForm } from './ui/buy-form';
import { HoldingsTable } from './ui/holdings-table';
import { UpdatePrompt } from './ui/update-prompt';

export function App({ core, store, sync }: { core: CoreClient; store: HoldingsStore; sync: SyncStore }) {
  return (
    <main>
      <header class="app">
        <h1>Folio</h1>
        <span class="muted">Stored on this device{sync.overview.value?.session ? ' and synced' : ''}</span>
      </header>
      <UpdatePrompt />
      <section aria-labelledby="holdings-heading">
        <h2 id="holdings-heading">Holdings</h2>
        {store.error.value ? <p class="field-error" role="alert">{store.error.value}</p> : <HoldingsTable holdings={store.summary.value?.holdings ?? null} />}
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
