import { useSignal } from '@preact/signals';
import { useLocation } from 'preact-iso';
import type { CostBasisMethod } from '../../../core/src/engine/types';
import { formIssues } from '../../../core/src/errors';
import { useApp } from '../state/app-context';
import { loadSamplePortfolio } from '../sample/load-sample';
import { CurrencyPicker, MethodPicker } from '../ui/settings/pickers';
import { SyncPanel } from '../ui/sync-panel';
import '../ui/settings/screen.css';

type Start = 'local' | 'sync';

/**
 * First run: where the data lives (this device by default, or a sync server), the base
 * currency and default cost-basis method, and optionally a sample portfolio. Everything here
 * can be changed later in Settings.
 */
export function Welcome() {
  const { core, prefs, sync, beforeSignIn } = useApp();
  const { route } = useLocation();
  const start = useSignal<Start>('local');
  const currency = useSignal(prefs.settings.value?.baseCurrency ?? 'CAD');
  const method = useSignal<CostBasisMethod>(prefs.settings.value?.defaultCostBasisMethod ?? 'average');
  const sample = useSignal(false);
  const busy = useSignal(false);
  const issues = useSignal<Record<string, string>>({});
  const signedIn = Boolean(sync.overview.value?.session);

  async function finish(event: Event) {
    event.preventDefault();
    busy.value = true;
    try {
      await core.updateSettings({ baseCurrency: currency.value, defaultCostBasisMethod: method.value });
      if (sample.value && !signedIn) await loadSamplePortfolio(core, method.value);
      prefs.finishOnboarding();
      route('/');
    } catch (e) {
      issues.value = Object.fromEntries(formIssues(e).map((i) => [i.field, i.message]));
      busy.value = false;
    }
  }

  return (
    <section class="folio-screen welcome" aria-labelledby="welcome-heading">
      <h1 id="welcome-heading">Welcome to Folio</h1>
      <p>Track your investments with exact Canadian cost base, gains and returns. Your data stays on this device unless you choose to sync it.</p>

      <div class="welcome-start">
        <fieldset class="choice-group">
          <legend>Where to keep your data</legend>
          <label>
            <input type="radio" name="start" value="local" checked={start.value === 'local'} onChange={() => (start.value = 'local')} />
            <span>
              Start on this device <span class="field-hint">— no account; you can turn on sync later in Settings.</span>
            </span>
          </label>
          <label>
            <input type="radio" name="start" value="sync" checked={start.value === 'sync'} onChange={() => (start.value = 'sync')} />
            <span>
              Sign in / register to a sync server <span class="field-hint">— keep several devices in step.</span>
            </span>
          </label>
        </fieldset>
        {start.value === 'sync' && <SyncPanel core={core} store={sync} beforeSignIn={beforeSignIn} />}
      </div>

      <form class="io-card welcome-form" aria-label="Your preferences" noValidate onSubmit={finish}>
        <CurrencyPicker id="welcome-currency" value={currency.value} issue={issues.value['baseCurrency']} onChange={(code) => (currency.value = code)} />
        <MethodPicker id="welcome" value={method.value} onChange={(m) => (method.value = m)} />
        {!signedIn && (
          <label class="sample-choice">
            <input type="checkbox" checked={sample.value} onChange={(e) => (sample.value = (e.currentTarget as HTMLInputElement).checked)} aria-describedby="sample-hint" />
            Load a sample portfolio to explore
          </label>
        )}
        {!signedIn && (
          <p class="field-hint" id="sample-hint">
            A Canadian investor's TFSA and non-registered account (CAD and USD, a TD index fund, AAPL, QQQ, HISU-U.TO, dividends, a currency conversion). Delete it any time in Settings.
          </p>
        )}
        {issues.value['form'] && (
          <p class="field-error" role="alert">
            {issues.value['form']}
          </p>
        )}
        <button type="submit" disabled={busy.value}>
          {busy.value ? 'Getting ready…' : 'Start using Folio'}
        </button>
      </form>
    </section>
  );
}
