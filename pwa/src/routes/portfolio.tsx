import { useLocation, useRoute } from 'preact-iso';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { PortfolioRow } from '../../../core/src/db/rows';
import { useApp } from '../state/app-context';
import { useWatch } from '../state/use-watch';
import { HoldingsGrid } from '../ui/portfolio/holdings-grid';
import { AllocationPanel, IncomePanel, PerformancePanel, RealizedGainsPanel, RebalancePanel } from '../ui/portfolio/reports/index';
import { PORTFOLIO_TABS, tabFromQuery, tabIndexAfterKey, type PortfolioTabId } from '../ui/portfolio/tabs';
import { TransactionsList } from '../ui/portfolio/transactions-list';
import '../ui/portfolio/portfolio.css';
import { replaceUrlQuietly } from '../state/hash-location';

function TabPanel({ tab, portfolio }: { tab: PortfolioTabId; portfolio: PortfolioRow }) {
  const portfolioId = portfolio.id;
  switch (tab) {
    case 'holdings':
      return <HoldingsGrid portfolioId={portfolioId} method={portfolio.costBasisMethod} />;
    case 'transactions':
      return <TransactionsList portfolioId={portfolioId} />;
    case 'performance':
      return <PerformancePanel portfolioId={portfolioId} />;
    case 'income':
      return <IncomePanel portfolioId={portfolioId} />;
    case 'allocation':
      return <AllocationPanel portfolioId={portfolioId} />;
    case 'rebalancing':
      return <RebalancePanel portfolioId={portfolioId} />;
    case 'realized':
      return <RealizedGainsPanel portfolioId={portfolioId} />;
  }
}

/**
 * The sections as WAI-ARIA tabs: one tab stop (the selected tab), arrows/Home/End move and
 * select, the selection lives in `?tab=` so a reload or a shared link opens the same section.
 */
function Tabs({ selected, onSelect }: { selected: PortfolioTabId; onSelect: (tab: PortfolioTabId) => void }) {
  const list = useRef<HTMLDivElement>(null);
  const onKeyDown = (e: KeyboardEvent) => {
    const current = PORTFOLIO_TABS.findIndex((t) => t.id === selected);
    const next = tabIndexAfterKey(e.key, current, PORTFOLIO_TABS.length);
    if (next === undefined) return;
    e.preventDefault();
    onSelect(PORTFOLIO_TABS[next]!.id);
    list.current?.querySelectorAll<HTMLElement>('[role="tab"]')[next]?.focus();
  };
  return (
    <div class="portfolio-tabs" role="tablist" aria-label="Portfolio sections" ref={list} onKeyDown={onKeyDown}>
      {PORTFOLIO_TABS.map((t) => {
        const active = t.id === selected;
        return (
          <button type="button" role="tab" key={t.id} id={`tab-${t.id}`} aria-selected={active} aria-controls={`panel-${t.id}`} tabIndex={active ? 0 : -1} onClick={() => onSelect(t.id)}>
            {t.label}
          </button>
        );
      })}
    </div>
  );
}

function PortfolioSwitcher({ portfolios, current, onChange }: { portfolios: PortfolioRow[]; current: string; onChange: (id: string) => void }) {
  return (
    <div class="field portfolio-switcher">
      <label for="portfolio-switch">Portfolio</label>
      <select id="portfolio-switch" value={current} onChange={(e) => onChange(e.currentTarget.value)}>
        {portfolios.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * `/portfolio` (the first portfolio) and `/portfolio/:id`: one portfolio's holdings,
 * transactions and reports, in tabs. An id that is not (or no longer) a portfolio says so
 * and shows the first one instead of an empty page.
 */
export function Portfolio() {
  const { core } = useApp();
  const { params } = useRoute();
  const { query, route } = useLocation();
  const watched = useWatch<PortfolioRow[]>(core, { kind: 'portfolios' });
  const asked = params['id'];
  // The tab is local state mirrored into the URL with replaceState: a route() per tab would
  // re-render the route (losing focus on the tab being moved to) and fill the history.
  const [tab, setTab] = useState(() => tabFromQuery(query['tab']));
  useEffect(() => setTab(tabFromQuery(query['tab'])), [query['tab']]);

  const portfolios = watched.state === 'ready' ? [...watched.value].sort((a, b) => a.createdAt.localeCompare(b.createdAt)) : [];
  const portfolio = portfolios.find((p) => p.id === asked) ?? portfolios[0];
  const unknownId = asked !== undefined && watched.state === 'ready' && portfolio !== undefined && portfolio.id !== asked;

  const urlOf = (id: string, next: PortfolioTabId) => `/portfolio/${encodeURIComponent(id)}${next === 'holdings' ? '' : `?tab=${next}`}`;
  const selectTab = (id: string, next: PortfolioTabId) => {
    setTab(next);
    // In the extension's page the route lives after '#': replaceUrlQuietly writes it there.
    replaceUrlQuietly(urlOf(id, next));
  };

  return (
    <section aria-labelledby="portfolio-heading" class="portfolio-screen">
      <div class="portfolio-head">
        <h1 id="portfolio-heading">{portfolio ? portfolio.name : 'Portfolio'}</h1>
        {portfolios.length > 1 && portfolio && <PortfolioSwitcher portfolios={portfolios} current={portfolio.id} onChange={(id) => route(urlOf(id, tab))} />}
      </div>
      {watched.state === 'loading' && (
        <p class="muted" role="status">
          Loading…
        </p>
      )}
      {watched.state === 'error' && (
        <p class="field-error" role="alert">
          {watched.message}
        </p>
      )}
      {watched.state === 'ready' && !portfolio && (
        <p class="muted" role="status">
          No portfolio yet. <a href="/add">Add a transaction</a> to create one.
        </p>
      )}
      {unknownId && (
        <p class="banner banner-warning" role="status">
          No portfolio with the id “{asked}”; showing {portfolio.name}.
        </p>
      )}
      {portfolio && (
        <>
          <Tabs selected={tab} onSelect={(next) => selectTab(portfolio.id, next)} />
          <div class="portfolio-panel" role="tabpanel" tabIndex={0} id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
            <TabPanel key={`${portfolio.id}-${tab}`} tab={tab} portfolio={portfolio} />
          </div>
        </>
      )}
    </section>
  );
}
