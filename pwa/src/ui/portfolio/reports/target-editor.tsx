import { useEffect, useState } from 'preact/hooks';
import type { TargetRow } from '../../../../../core/src/db/rows';
import { formIssues, type FieldIssue } from '../../../../../core/src/errors';
import { toDecimalString } from '../../../../../core/src/money/decimal';
import { useApp } from '../../../state/app-context';
import { draftsFromTargets, keyField, percentField, percentTotal, SUM_FIELD, validateTargetDrafts, type TargetBy, type TargetDraft } from './target-weights';
import './reports.css';

const BY_LABEL: Record<TargetBy, string> = { holding: 'Holding', assetClass: 'Asset class' };

/** Target weights by holding or asset class, checked (sum 100 %) beside the fields before they are saved. */
export function TargetEditor({ portfolioId, stored, onSaved }: { portfolioId: string; stored: TargetRow[] | null; onSaved: () => void }) {
  const { core, prefs } = useApp();
  const [by, setBy] = useState<TargetBy>('holding');
  const [rows, setRows] = useState<TargetDraft[]>([]);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [status, setStatus] = useState('');
  const [held, setHeld] = useState<string[]>([]);

  /** Rows to start from with no stored targets: what the portfolio holds, by `dimension` (weights left for the user). */
  const prefill = (dimension: TargetBy) =>
    core.getAllocation({ portfolioId }, dimension).then(({ buckets }) => {
      const keys = buckets.map((b) => b.key).filter((k) => dimension === 'assetClass' || !k.startsWith('CASH:'));
      setRows(keys.length ? keys.map((key) => ({ key, percent: '' })) : [{ key: '', percent: '' }]);
    }, () => setRows([{ key: '', percent: '' }]));

  // Symbols held, offered as suggestions in the symbol inputs.
  useEffect(() => {
    core.getAllocation({ portfolioId }, 'holding').then(({ buckets }) => setHeld(buckets.map((b) => b.key).filter((k) => !k.startsWith('CASH:'))), () => undefined);
  }, [portfolioId]);

  // Start from the stored targets, else from the holdings. Keyed on the targets' content, not
  // the array: a reload after an unrelated change must not wipe what the user is typing.
  const storedKey = stored === null ? null : JSON.stringify(stored.map((t) => [t.by, t.key, t.weight]));
  useEffect(() => {
    if (stored === null) return;
    if (stored.length) {
      setBy(stored[0]!.by);
      setRows(draftsFromTargets(stored));
    } else void prefill(by);
  }, [storedKey, portfolioId]);

  const changeBy = (next: TargetBy) => {
    setBy(next);
    setIssues([]);
    // Symbols do not carry over to asset classes (or back): start from what is held in the new terms.
    if (next !== by) void prefill(next);
  };

  const issueFor = (field: string) => issues.find((i) => i.field === field);
  const update = (index: number, patch: Partial<TargetDraft>) => setRows(rows.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  const total = percentTotal(rows);
  const sumIssue = issueFor(SUM_FIELD);

  async function save(event: Event) {
    event.preventDefault();
    const checked = validateTargetDrafts(rows, by);
    if ('issues' in checked) {
      setIssues(checked.issues);
      setStatus('');
      return;
    }
    try {
      await core.setTargets(portfolioId, checked.targets);
      setIssues([]);
      setStatus('Targets saved.');
      onSaved();
    } catch (error) {
      // The worker's fields (the weights as a whole, a row by index) are not this form's inputs:
      // its messages go beside the total, where the targets are judged together.
      const messages = formIssues(error).map((i) => i.message);
      setIssues([{ field: SUM_FIELD, message: messages.join('; ') }]);
      setStatus('');
    }
  }

  const keyLabel = by === 'holding' ? 'Symbol' : 'Asset class';
  return (
    <form class="target-editor" onSubmit={save} noValidate aria-labelledby="targets-heading">
      <h3 id="targets-heading">Target weights</h3>
      <div class="field">
        <label for="targets-by">Set targets by</label>
        <select id="targets-by" value={by} onChange={(e) => changeBy(e.currentTarget.value as TargetBy)}>
          {(Object.keys(BY_LABEL) as TargetBy[]).map((k) => (
            <option key={k} value={k}>
              {BY_LABEL[k]}
            </option>
          ))}
        </select>
      </div>
      {held.length > 0 && (
        <datalist id="targets-held">
          {held.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      )}
      <ol class="target-rows">
        {rows.map((row, i) => {
          const keyIssue = issueFor(keyField(i));
          const pctIssue = issueFor(percentField(i));
          const describedBy = [pctIssue ? `${percentField(i)}-error` : '', sumIssue ? `${SUM_FIELD}-error` : ''].filter(Boolean).join(' ');
          return (
            <li key={i} class="target-row">
              <div class="field">
                <label for={keyField(i)}>
                  {keyLabel}
                  <span class="sr-only"> in row {i + 1}</span>
                </label>
                <input id={keyField(i)} value={row.key} list={by === 'holding' && held.length ? 'targets-held' : undefined} autoComplete="off" onInput={(e) => update(i, { key: e.currentTarget.value })} aria-invalid={keyIssue ? 'true' : undefined} aria-describedby={keyIssue ? `${keyField(i)}-error` : undefined} />
                {keyIssue && (
                  <span class="field-error" id={`${keyField(i)}-error`} role="alert">
                    {keyIssue.message}
                  </span>
                )}
              </div>
              <div class="field">
                <label for={percentField(i)}>
                  Weight (%)<span class="sr-only"> of {row.key.trim() || `row ${i + 1}`}</span>
                </label>
                <input id={percentField(i)} value={row.percent} inputMode="decimal" autoComplete="off" onInput={(e) => update(i, { percent: e.currentTarget.value })} aria-invalid={pctIssue || sumIssue ? 'true' : undefined} aria-describedby={describedBy || undefined} />
                {pctIssue && (
                  <span class="field-error" id={`${percentField(i)}-error`} role="alert">
                    {pctIssue.message}
                  </span>
                )}
              </div>
              <button type="button" class="secondary" onClick={() => setRows(rows.filter((_, j) => j !== i))} aria-label={`Remove ${row.key.trim() || `row ${i + 1}`}`}>
                Remove
              </button>
            </li>
          );
        })}
      </ol>
      <div class="target-total">
        <p>
          Total: <output id={SUM_FIELD} data-field="targets-total">{total === null ? '0' : new Intl.NumberFormat(prefs.locale.value, { maximumFractionDigits: 4 }).format(toDecimalString(total) as unknown as number)} %</output>
          <span class="muted"> (must be 100 %)</span>
        </p>
        {sumIssue && (
          <span class="field-error" id={`${SUM_FIELD}-error`} role="alert">
            {sumIssue.message}
          </span>
        )}
      </div>
      <div class="report-actions">
        <button type="button" class="secondary" onClick={() => setRows([...rows, { key: '', percent: '' }])}>
          Add a target
        </button>
        <button type="submit">Save targets</button>
        <span class="muted" role="status" aria-live="polite">
          {status}
        </span>
      </div>
    </form>
  );
}

