import { useSignal } from '@preact/signals';
import type { CostBasisMethod } from '../../../../core/src/engine/types';
import type { Theme } from '../../state/prefs-store';
import { COMMON_CURRENCIES, COST_BASIS_METHODS, isCurrencyCode } from './choices';

/**
 * Base currency: CAD or USD as radio buttons, or any other ISO code typed in. A code Intl
 * does not know is refused beside the field and not passed on.
 */
export function CurrencyPicker({ id, value, onChange, issue }: { id: string; value: string; onChange: (code: string) => void; issue?: string | undefined }) {
  const common = (COMMON_CURRENCIES as readonly string[]).includes(value);
  const other = useSignal(!common);
  const typed = useSignal(common ? '' : value);
  const localIssue = useSignal('');
  const message = localIssue.value || issue;
  const commitTyped = () => {
    const code = typed.value.trim().toUpperCase();
    typed.value = code;
    if (!isCurrencyCode(code)) {
      localIssue.value = code ? `${code} is not an ISO 4217 currency code` : 'Enter a three-letter currency code such as EUR';
      return;
    }
    localIssue.value = '';
    if (code !== value) onChange(code);
  };
  return (
    <fieldset class="choice-group" aria-describedby={message ? `${id}-error` : undefined}>
      <legend>Base currency</legend>
      <p class="field-hint" id={`${id}-hint`}>
        Totals, gains and returns are shown in this currency.
      </p>
      {COMMON_CURRENCIES.map((code) => (
        <label key={code}>
          <input
            type="radio"
            name={`${id}-choice`}
            value={code}
            checked={!other.value && value === code}
            onChange={() => {
              other.value = false;
              localIssue.value = '';
              onChange(code);
            }}
          />
          {code === 'CAD' ? 'CAD — Canadian dollar' : 'USD — US dollar'}
        </label>
      ))}
      <label>
        <input type="radio" name={`${id}-choice`} value="other" checked={other.value} onChange={() => (other.value = true)} />
        Another currency
      </label>
      {other.value && (
        <div class="field">
          <label for={`${id}-code`}>Currency code (ISO 4217)</label>
          <input
            id={`${id}-code`}
            maxLength={3}
            autoComplete="off"
            value={typed.value}
            aria-invalid={message ? 'true' : undefined}
            aria-describedby={message ? `${id}-error` : undefined}
            onInput={(e) => (typed.value = (e.currentTarget as HTMLInputElement).value)}
            onChange={commitTyped}
          />
        </div>
      )}
      {message && (
        <span class="field-error" id={`${id}-error`} role="alert">
          {message}
        </span>
      )}
    </fieldset>
  );
}

/** Default cost-basis method for new portfolios, each with a one-line explanation. */
export function MethodPicker({ id, value, onChange }: { id: string; value: CostBasisMethod; onChange: (method: CostBasisMethod) => void }) {
  return (
    <fieldset class="choice-group">
      <legend>Default cost-basis method</legend>
      {COST_BASIS_METHODS.map((m) => (
        <label key={m.value}>
          <input type="radio" name={`${id}-method`} value={m.value} checked={value === m.value} aria-describedby={`${id}-${m.value}-hint`} onChange={() => onChange(m.value)} />
          <span>
            {m.label}
            <span class="field-hint" id={`${id}-${m.value}-hint`}>
              {' '}
              — {m.hint}
            </span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

const THEME_LABELS: Record<Theme, string> = { system: 'Same as the system', light: 'Light', dark: 'Dark' };

/** Light, dark or the system's choice; applied at once (kept on this device only). */
export function ThemePicker({ value, themes, onChange }: { value: Theme; themes: readonly Theme[]; onChange: (theme: Theme) => void }) {
  return (
    <fieldset class="choice-group">
      <legend>Theme</legend>
      {themes.map((t) => (
        <label key={t}>
          <input type="radio" name="theme" value={t} checked={value === t} onChange={() => onChange(t)} />
          {THEME_LABELS[t]}
        </label>
      ))}
    </fieldset>
  );
}
