import { useApp } from '../state/app-context';
import { serverNow } from '../state/market-store';
import { HoldingsTable } from '../ui/holdings-table';
import { DEMO_LABEL_ID, DemoLabel, showsDemoPrices } from '../ui/market-banner';

export function Dashboard() {
  const { holdings: store, market } = useApp();
  const holdings = store.summary.value?.holdings ?? null;
  const demo = showsDemoPrices(market, holdings);
  return (
    <section aria-labelledby="dashboard-heading">
      <h1 id="dashboard-heading">Dashboard</h1>
      <h2 id="holdings-heading">Holdings</h2>
      {demo && <DemoLabel />}
      {store.error.value ? (
        <p class="field-error" role="alert">
          {store.error.value}
        </p>
      ) : (
        <HoldingsTable holdings={holdings} now={serverNow(market.status.value, market.now.value)} {...(demo ? { describedBy: DEMO_LABEL_ID } : {})} />
      )}
    </section>
  );
}
