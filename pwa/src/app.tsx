import { ErrorBoundary, LocationProvider, Route, Router, lazy, useLocation } from 'preact-iso';
import { useEffect } from 'preact/hooks';
import { AppContext, useApp, type AppServices } from './state/app-context';
import { HashLocationProvider } from './state/hash-location';
import { MarketBanner } from './ui/market-banner';
import { UpdatePrompt } from './ui/update-prompt';

// Every screen is its own chunk, loaded when first visited (the service worker precaches them all).
const Dashboard = lazy(() => import('./routes/dashboard').then((m) => m.Dashboard));
const Portfolio = lazy(() => import('./routes/portfolio').then((m) => m.Portfolio));
const AddTransaction = lazy(() => import('./routes/add-transaction').then((m) => m.AddTransaction));
const ImportExport = lazy(() => import('./routes/import-export').then((m) => m.ImportExport));
const Settings = lazy(() => import('./routes/settings').then((m) => m.Settings));
const Welcome = lazy(() => import('./routes/welcome').then((m) => m.Welcome));
const Insights = lazy(() => import('./routes/insights').then((m) => m.Insights));
const Questrade = lazy(() => import('./routes/questrade').then((m) => m.Questrade));

/** The main navigation: one link per screen, the current one marked for screen readers. */
const NAV: { href: string; label: string }[] = [
  { href: '/', label: 'Dashboard' },
  { href: '/portfolio', label: 'Portfolio' },
  { href: '/insights', label: 'Insights' },
  { href: '/add', label: 'Add transaction' },
  { href: '/import', label: 'Import & export' },
  { href: '/questrade', label: 'Questrade' },
  { href: '/settings', label: 'Settings' },
];

function Nav() {
  const { path } = useLocation();
  const current = (href: string) => (href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`));
  return (
    <nav aria-label="Main" class="main-nav">
      <ul>
        {NAV.map((item) => (
          <li key={item.href}>
            <a href={item.href} aria-current={current(item.href) ? 'page' : undefined}>
              {item.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Sends a first visit to the welcome screen until it is done (or skipped). */
function FirstRunGate() {
  const { prefs } = useApp();
  const { path, route } = useLocation();
  useEffect(() => {
    if (!prefs.onboarded.value && path !== '/welcome') route('/welcome', true);
  }, [prefs.onboarded.value, path]);
  return null;
}

function NotFound() {
  return (
    <section aria-labelledby="nf-heading">
      <h1 id="nf-heading">Page not found</h1>
      <p>
        <a href="/">Go to the dashboard</a>
      </p>
    </section>
  );
}

/** Moves focus to the new screen's heading after navigation, so screen readers announce it. */
function FocusOnRoute() {
  const { path } = useLocation();
  useEffect(() => {
    const heading = document.querySelector<HTMLElement>('#main h1');
    if (heading) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
    }
  }, [path]);
  return null;
}

/**
 * The app shell. `routing="hash"` keeps the screen in the URL's fragment (`page.html#/portfolio`)
 * for hosts that cannot serve every path, such as the extension's dashboard page.
 */
export function App({ services, routing = 'path' }: { services: AppServices; routing?: 'path' | 'hash' }) {
  const { sync } = services;
  const Location = routing === 'hash' ? HashLocationProvider : LocationProvider;
  return (
    <AppContext.Provider value={services}>
      <Location>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <header class="app">
          <span class="brand">Folio</span>
          <span class="muted">Stored on this device{sync.overview.value?.session ? ' and synced' : ''}</span>
          <Nav />
        </header>
        <FirstRunGate />
        <main id="main">
          <UpdatePrompt />
          <MarketBanner store={services.market} locale={services.prefs.locale.value} />
          <ErrorBoundary>
            <Router onRouteChange={() => undefined}>
              <Route path="/" component={Dashboard} />
              <Route path="/portfolio" component={Portfolio} />
              <Route path="/portfolio/:id" component={Portfolio} />
              <Route path="/add" component={AddTransaction} />
              <Route path="/import" component={ImportExport} />
              <Route path="/settings" component={Settings} />
              <Route path="/insights" component={Insights} />
              <Route path="/questrade" component={Questrade} />
              <Route path="/welcome" component={Welcome} />
              <Route default component={NotFound} />
            </Router>
          </ErrorBoundary>
          <FocusOnRoute />
        </main>
      </Location>
    </AppContext.Provider>
  );
}
