import { useApp } from '../state/app-context';
import { serverNow } from '../state/market-store';
import { AllocationPanel } from '../ui/dashboard/allocation-panel';
import { isEmpty, openHoldings, staleQuotes } from '../ui/dashboard/dashboard-figures';
import { EmptyDashboard } from '../ui/dashboard/empty-dashboard';
import { IncomePanel } from '../ui/dashboard/income-panel';
import { PerformancePanel } from '../ui/dashboard/performance-panel';
import { PortfolioList } from '../ui/dashboard/portfolio-list';
import { StaleNotice, StatusLine } from '../ui/dashboard/status-line';
import { SummaryFigures } from '../ui/dashboard/summary-figures';
import { TickerStrip } from '../ui/dashboard/ticker-strip';
import { HoldingsTable } from '../ui/holdings-table';
import { DEMO_LABEL_ID, DemoLabel, showsDemoPrices } from '../ui/market-banner';
import '../ui/dashboard/dashboard.css';

/**
 * Everything at a glance: total value, today's change and total gain in the base currency,
 * the state of sync and quotes, each portfolio, prices, performance against a benchmark and
 * allocation. Every figure comes from the worker; uPlot loads only when a chart shows.
 */
export function Dashboard() {
  const { core, holdings: store, market, sync, prefs } = useApp();
  const summary = store.summary.value;
  const locale = prefs.locale.value;
  const now = serverNow(market.status.value, market.now.value);
  const demo = showsDemoPrices(market, summary?.holdings);
  const describedBy = demo ? DEMO_LABEL_ID : undefined;

  if (store.error.value) {
    return (
      <section class="dashboard" aria-labelledby="dashboard-heading">
        <h1 id="dashboard-heading">Dashboard</h1>
        <p class="field-error" role="alert">
          {store.error.value}
        </p>
      </section>
    );
  }
  if (!summary) {
    return (
      <section class="dashboard" aria-labelledby="dashboard-heading">
        <h1 id="dashboard-heading">Dashboard</h1>
        <p class="muted" role="status">
          Loading your portfolios…
        </p>
      </section>
    );
  }
  if (isEmpty(summary)) {
    return (
      <section class="dashboard" aria-labelledby="dashboard-heading" data-ready="dashboard">
        <h1 id="dashboard-heading">Dashboard</h1>
        <EmptyDashboard />
      </section>
    );
  }
  const baseCurrency = summary.baseCurrency;
  return (
    // data-ready marks the moment the numbers are on screen (the render benchmark waits for it).
    <section class="dashboard" aria-labelledby="dashboard-heading" data-ready="dashboard">
      <div>
        <h1 id="dashboard-heading">Dashboard</h1>
        {demo && <DemoLabel />}
        <StatusLine sync={sync.overview.value} market={market.status.value} now={now} locale={locale} />
      </div>
      <SummaryFigures summary={summary} locale={locale} {...(describedBy ? { describedBy } : {})} />
      <StaleNotice stale={staleQuotes(summary.holdings)} gaps={summary.gaps} now={now} />
      <section aria-labelledby="dash-prices-heading">
        <h2 id="dash-prices-heading">Prices</h2>
        <TickerStrip holdings={openHoldings(summary)} now={now} locale={locale} />
      </section>
      <div class="dash-grid">
        <section class="dash-panel" aria-labelledby="dash-performance-heading">
          <h2 id="dash-performance-heading">Performance</h2>
          <PerformancePanel core={core} locale={locale} baseCurrency={baseCurrency} />
        </section>
        <section class="dash-panel" aria-labelledby="dash-allocation-heading">
          <h2 id="dash-allocation-heading">Allocation</h2>
          <AllocationPanel core={core} locale={locale} baseCurrency={baseCurrency} />
        </section>
      </div>
      <section class="dash-panel" aria-labelledby="dash-portfolios-heading">
        <h2 id="dash-portfolios-heading">Portfolios</h2>
        <PortfolioList core={core} locale={locale} />
      </section>
      <IncomePanel core={core} locale={locale} baseCurrency={baseCurrency} />
      <section aria-labelledby="holdings-heading">
        <h2 id="holdings-heading">Holdings</h2>
        {/* Scrolls sideways on a narrow screen instead of widening the page. */}
        <div class="dash-scroll" tabIndex={0} role="region" aria-labelledby="holdings-heading">
          <HoldingsTable holdings={summary.holdings} now={now} compact locale={locale} {...(describedBy ? { describedBy } : {})} />
        </div>
      </section>
    </section>
  );
}
