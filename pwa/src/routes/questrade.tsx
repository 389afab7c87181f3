import { useSignal } from '@preact/signals';
import { useLocation } from 'preact-iso';
import { useEffect } from 'preact/hooks';
import type { QuestradeOverview } from '../../../core/src/api/handlers/questrade';
import type { AccountRow, PortfolioRow } from '../../../core/src/db/rows';
import { useApp } from '../state/app-context';
import { useWatch } from '../state/use-watch';
import { ConnectForm } from '../ui/questrade/connect-form';
import { ConnectionCard } from '../ui/questrade/connection-card';
import { oauthErrorMessage } from '../ui/questrade/connection-status';
import { ReviewList } from '../ui/questrade/review-list';
import '../ui/settings/screen.css';
import '../ui/questrade/questrade.css';

/** While an import runs on the server, how often the status is asked again. */
const POLL_MS = 2_000;

/** OAuth states already posted from this page (an effect may run twice; a code works once). */
const finishing = new Set<string>();

/**
 * Questrade: connect a login (pasted token or OAuth), see each connection's status, sync now,
 * disconnect, compare Folio with Questrade, and decide on activities needing review. Needs a
 * signed-in sync server (it keeps the tokens and runs the import).
 */
export function Questrade() {
  const { core, prefs, sync } = useApp();
  const { query, route } = useLocation();
  const overview = useSignal<QuestradeOverview | null>(null);
  const finishProblem = useSignal('');
  const accounts = useSignal<AccountRow[]>([]);
  const portfolios = useWatch<PortfolioRow[]>(core, { kind: 'portfolios' });
  const signedIn = Boolean(sync.overview.value?.session);
  const locale = prefs.locale.value;

  async function load() {
    try {
      const [next, list] = await Promise.all([core.getQuestradeOverview(), core.listAccounts()]);
      const wasSyncing = overview.value?.connections.some((c) => c.state === 'syncing');
      overview.value = next;
      accounts.value = list;
      // An import just finished on the server: pull its rows now rather than at the next poke.
      if (wasSyncing && !next.connections.some((c) => c.state === 'syncing')) {
        await core.syncNow();
        accounts.value = await core.listAccounts();
      }
    } catch (error) {
      overview.value = { signedIn, oauth: null, connections: overview.value?.connections ?? [], problem: error instanceof Error ? error.message : String(error) };
    }
  }

  useEffect(() => {
    void load();
  }, [signedIn]);

  // Questrade sent the browser back with ?code&state (via the server's callback): finish the
  // connection with this session's token — the server accepts only the user who started it.
  const code = query['code'];
  const state = query['state'];
  useEffect(() => {
    if (!code || !state || !signedIn || finishing.has(state)) return;
    finishing.add(state);
    void core
      .finishQuestradeOAuth({ code, state })
      .then((connection) => {
        finishProblem.value = '';
        // The code is spent: keep it out of the address bar and history.
        route(`/questrade?connected=${encodeURIComponent(connection.id)}`, true);
        void load();
      })
      .catch((error: unknown) => {
        finishProblem.value = error instanceof Error ? error.message : String(error);
        route('/questrade', true);
      });
  }, [code, state, signedIn]);

  const syncing = overview.value?.connections.some((c) => c.state === 'syncing') ?? false;
  useEffect(() => {
    if (!syncing) return undefined;
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [syncing]);

  const connected = query['connected'];
  const oauthError = query['error'];
  const value = overview.value;
  return (
    <section class="folio-screen qt-screen" aria-labelledby="qt-heading">
      <h1 id="qt-heading">Questrade</h1>
      <p class="muted">Connect your Questrade accounts once: your sync server imports their full history and keeps transactions, positions and cash up to date on every device.</p>
      {connected && (
        <p class="qt-notice" role="status">
          Connected to Questrade. The first import runs on your sync server; this page shows its progress.
        </p>
      )}
      {code && state && sync.overview.value && !signedIn && (
        <p class="qt-notice qt-notice-error" role="alert">
          Questrade sent you back, but this browser is not signed in to your sync server. Sign in in Settings, then start again with “Connect with Questrade”.
        </p>
      )}
      {code && state && signedIn && !finishProblem.value && <p role="status">Finishing the connection with Questrade…</p>}
      {finishProblem.value && (
        <p class="qt-notice qt-notice-error" role="alert">
          Questrade was not connected. {finishProblem.value}
        </p>
      )}
      {oauthError && (
        <p class="qt-notice qt-notice-error" role="alert">
          {oauthErrorMessage(oauthError)}
        </p>
      )}
      {!value && <p role="status">Asking your sync server…</p>}
      {value && !value.signedIn && (
        <p class="io-card" data-field="qt-signed-out">
          Questrade needs a Folio sync server: it keeps the connection and imports for you. <a href="/settings">Sign in to your sync server in Settings</a>, then come back here.
        </p>
      )}
      {value?.signedIn && value.problem && (
        <div class="io-card" role="alert">
          <p>Your sync server could not be asked about Questrade: {value.problem}</p>
          <button type="button" onClick={() => void load()}>
            Try again
          </button>
        </div>
      )}
      {value?.signedIn && !value.problem && (
        <>
          {value.connections.map((c) => (
            <ConnectionCard key={c.id} core={core} connection={c} accounts={accounts.value} locale={locale} onChanged={() => void load()} />
          ))}
          {portfolios.state === 'ready' && <ConnectForm core={core} portfolios={portfolios.value} oauth={value.oauth === true} first={value.connections.length === 0} onConnected={() => void load()} />}
        </>
      )}
      <ReviewList core={core} accounts={accounts.value} hideWhenEmpty={!value?.signedIn} />
    </section>
  );
}
