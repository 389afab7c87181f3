import type { CoreClient } from '../../core/src/worker/connect-core';
import type { HoldingsStore } from '../../pwa/src/state/holdings-store';
import { BuyForm } from '../../pwa/src/ui/buy-form';
import { HoldingsTable } from '../../pwa/src/ui/holdings-table';

export function Popup({ core, store }: { core: CoreClient; store: HoldingsStore }) {
  return (
    <main>
      <h1>Folio</h1>
      <section aria-labelledby="popup-holdings">
        <h2 id="popup-holdings">Holdings</h2>
        {store.error.value ? <p class="field-error" role="alert">{store.error.value}</p> : <HoldingsTable holdings={store.summary.value?.holdings ?? null} compact />}
      </section>
      <details>
        <summary>Quick add a buy</summary>
        <BuyForm core={core} idPrefix="popup-buy" />
      </details>
    </main>
  );
}
