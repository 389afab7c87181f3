import { useSignal } from '@preact/signals';
import type { SettingsRow } from '../../../../core/src/db/rows';
import { formIssues } from '../../../../core/src/errors';
import type { CoreClient } from '../../../../core/src/worker/connect-core';
import { THEMES, type PrefsStore } from '../../state/prefs-store';
import { LOCALE_CHOICES, moneyExample } from './choices';
import { CurrencyPicker, MethodPicker, ThemePicker } from './pickers';

type SettingsPatch = Partial<Pick<SettingsRow, 'baseCurrency' | 'defaultCostBasisMethod' | 'locale'>>;

/**
 * Base currency, default cost-basis method, number and date format, and theme. Each choice
 * is saved as it is made (the worker pushes the new settings to every screen); the example
 * shows how amounts will look.
 */
export function PreferencesPanel({ core, prefs }: { core: CoreClient; prefs: PrefsStore }) {
  const issues = useSignal<Record<string, string>>({});
  const saved = useSignal('');
  const settings = prefs.settings.value;

  async function save(patch: SettingsPatch, what: string) {
    try {
      await core.updateSettings(patch);
      issues.value = {};
      saved.value = `${what} saved.`;
    } catch (e) {
      issues.value = Object.fromEntries(formIssues(e).map((i) => [i.field, i.message]));
      saved.value = '';
    }
  }

  if (!settings) return <p role="status">Loading settings…</p>;
  return (
    <section aria-labelledby="prefs-heading" class="io-card">
      <h2 id="prefs-heading">Preferences</h2>
      <CurrencyPicker id="settings-currency" value={settings.baseCurrency} issue={issues.value['baseCurrency']} onChange={(code) => void save({ baseCurrency: code }, 'Base currency')} />
      <MethodPicker id="settings" value={settings.defaultCostBasisMethod} onChange={(m) => void save({ defaultCostBasisMethod: m }, 'Cost-basis method')} />
      <p class="field-hint">The method applies to portfolios created from now on; existing portfolios keep their own.</p>
      <div class="field locale-field">
        <label for="settings-locale">Number and date format</label>
        <select id="settings-locale" value={settings.locale ?? ''} aria-describedby="settings-locale-example" onChange={(e) => void save({ locale: (e.currentTarget as HTMLSelectElement).value }, 'Format')}>
          {LOCALE_CHOICES.map((l) => (
            <option key={l.value} value={l.value}>
              {l.label}
              {l.value === '' && typeof navigator !== 'undefined' ? ` (${navigator.language})` : ''}
            </option>
          ))}
        </select>
        <span class="field-hint" id="settings-locale-example">
          Example: <span data-field="money-example">{moneyExample(prefs.baseCurrency.value, prefs.locale.value)}</span> ·{' '}
          {new Date(2025, 1, 14).toLocaleDateString(prefs.locale.value, { dateStyle: 'medium' })}
        </span>
        {issues.value['locale'] && (
          <span class="field-error" role="alert">
            {issues.value['locale']}
          </span>
        )}
      </div>
      <ThemePicker value={prefs.theme.value} themes={THEMES} onChange={(t) => prefs.setTheme(t)} />
      {issues.value['form'] && (
        <p class="field-error" role="alert">
          {issues.value['form']}
        </p>
      )}
      <p role="status" class="muted">
        {saved.value}
      </p>
    </section>
  );
}
