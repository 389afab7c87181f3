import { useState } from 'preact/hooks';
import type { AlertView } from '../../background/alerts/alert-model';
import { MessageError, send } from '../../messaging/send';
import { conditionOf, fieldOfIssue, KIND_LABELS, VALUE_LABELS, type AlertFormField, type AlertKind } from './alert-form-fields';

type Issues = Partial<Record<AlertFormField, string>>;

/** The background's field issues, by form field (the first message for each). */
function issuesOf(error: unknown): Issues {
  if (!(error instanceof MessageError) || !error.issues.length) return { form: error instanceof Error ? error.message : String(error) };
  const issues: Issues = {};
  for (const issue of error.issues) issues[fieldOfIssue(issue.field)] ??= issue.message;
  return issues;
}

/**
 * Adds an alert. The background validates it (one set of rules for every sender); each of its
 * messages shows beside the field it names, and nothing is saved until all are right.
 */
export function AlertForm({ disabled, onAdded }: { disabled: boolean; onAdded: (alert: AlertView) => Promise<void> }) {
  const [issues, setIssues] = useState<Issues>({});
  const [kind, setKind] = useState<AlertKind>('above');
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    setBusy(true);
    try {
      const added = await send({ type: 'alerts.add', symbol: String(data.get('symbol') ?? ''), condition: conditionOf(kind, String(data.get('value') ?? '')) });
      setIssues({});
      form.reset();
      setKind('above');
      await onAdded(added);
    } catch (error) {
      setIssues(issuesOf(error));
    } finally {
      setBusy(false);
    }
  };

  const described = (id: string, name: AlertFormField) => ({ 'aria-invalid': issues[name] ? ('true' as const) : undefined, 'aria-describedby': issues[name] ? `${id}-error` : undefined });
  const error = (id: string, name: AlertFormField) =>
    issues[name] && (
      <span class="field-error" id={`${id}-error`} role="alert">
        {issues[name]}
      </span>
    );

  return (
    <form class="alert-form" aria-label="Add a price alert" onSubmit={(e) => void onSubmit(e)} noValidate>
      <div class="field">
        <label for="alert-symbol">Symbol</label>
        <input id="alert-symbol" name="symbol" autoComplete="off" placeholder="AAPL" {...described('alert-symbol', 'symbol')} />
        {error('alert-symbol', 'symbol')}
      </div>
      <div class="field">
        <label for="alert-kind">Alert when</label>
        <select id="alert-kind" name="kind" value={kind} onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value as AlertKind)} {...described('alert-kind', 'kind')}>
          {(Object.keys(KIND_LABELS) as AlertKind[]).map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </select>
        {error('alert-kind', 'kind')}
      </div>
      <div class="field">
        <label for="alert-value">{VALUE_LABELS[kind]}</label>
        <input id="alert-value" name="value" inputMode="decimal" autoComplete="off" {...described('alert-value', 'value')} />
        {error('alert-value', 'value')}
      </div>
      <div class="alert-actions">
        <button type="submit" disabled={busy || disabled}>
          Add alert
        </button>
      </div>
      {issues.form && (
        <p class="field-error" role="alert">
          {issues.form}
        </p>
      )}
    </form>
  );
}
