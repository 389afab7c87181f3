import { useSignal } from '@preact/signals';
import { formIssues, type FieldIssue } from '../../../core/src/errors';
import type { CoreClient } from '../../../core/src/worker/connect-core';
import { localDate } from '../../../core/src/time/local-date';
import { Field } from './field';

const FIELDS = [
  { name: 'symbol', label: 'Symbol', placeholder: 'XEQT.TO', inputMode: 'text' },
  { name: 'quantity', label: 'Quantity', placeholder: '10', inputMode: 'decimal' },
  { name: 'price', label: 'Price', placeholder: '150.00', inputMode: 'decimal' },
  { name: 'fee', label: 'Commission', placeholder: '0', inputMode: 'decimal' },
  { name: 'currency', label: 'Currency', placeholder: 'CAD', inputMode: 'text' },
  { name: 'date', label: 'Date', placeholder: 'YYYY-MM-DD', inputMode: 'numeric' },
] as const;

type FieldName = (typeof FIELDS)[number]['name'];

/** Records a buy through the core; shows each validation error next to its field. */
export function BuyForm({ core, idPrefix = 'buy' }: { core: CoreClient; idPrefix?: string }) {
  const issues = useSignal<FieldIssue[]>([]);
  const status = useSignal<string>('');
  const busy = useSignal(false);

  async function onSubmit(event: Event) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = Object.fromEntries(new FormData(form)) as Record<FieldName, string>;
    busy.value = true;
    try {
      const { account } = await core.ensureDefaultAccount();
      const row = await core.addTransaction({ kind: 'buy', accountId: account.id, ...data });
      issues.value = [];
      status.value = `Added ${row.quantity} ${row.symbol}.`;
      // Clear what was saved, but not what the user has typed since pressing Add.
      const untouched = (['symbol', 'quantity', 'price', 'fee'] as const).filter((name) => (form.elements.namedItem(name) as HTMLInputElement).value === data[name]);
      for (const name of untouched) (form.elements.namedItem(name) as HTMLInputElement).value = '';
      if (untouched.length === 4) (form.elements.namedItem('symbol') as HTMLInputElement).focus();
    } catch (error) {
      issues.value = formIssues(error);
      status.value = '';
    } finally {
      busy.value = false;
    }
  }

  const issueFor = (name: string) => issues.value.find((i) => i.field === name);
  const otherIssues = issues.value.filter((i) => !FIELDS.some((f) => f.name === i.field));
  return (
    <form class="buy-form" onSubmit={onSubmit} noValidate aria-label="Add a buy">
      {FIELDS.map((field) => (
        <Field
          key={field.name}
          id={`${idPrefix}-${field.name}`}
          name={field.name}
          label={field.label}
          issue={issueFor(field.name)}
          placeholder={field.placeholder}
          inputMode={field.inputMode}
          autoComplete="off"
          defaultValue={field.name === 'date' ? localDate(new Date()) : field.name === 'currency' ? 'CAD' : ''}
        />
      ))}
      <button type="submit" disabled={busy.value}>
        Add buy
      </button>
      {otherIssues.map((issue) => (
        <p class="field-error" role="alert" key={issue.field}>
          {issue.message}
        </p>
      ))}
      <p class="muted" role="status" aria-live="polite">{status.value}</p>
    </form>
  );
}
