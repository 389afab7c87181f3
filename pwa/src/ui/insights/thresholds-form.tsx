import { useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import { CoreError } from '../../../../core/src/errors';
import { THRESHOLD_LABELS } from '../../../../core/src/insights/insight-thresholds';
import type { InsightThresholds } from '../../../../core/src/insights/insight-types';
import type { CoreClient } from '../../../../core/src/worker/connect-core';
import { THRESHOLD_UNITS, fromInputValue, toInputValue, type ThresholdKey } from './threshold-fields';

const UNIT_SUFFIX = { percent: '%', amount: '', days: 'days' } as const;

/**
 * Every rule threshold as a labelled field (percentages for shares). Saved together; each
 * wrong field gets its message beside it and nothing is saved until all are right.
 */
export function ThresholdsForm({ core, thresholds, baseCurrency }: { core: CoreClient; thresholds: InsightThresholds; baseCurrency: string }) {
  const issues = useSignal<Partial<Record<ThresholdKey | 'form', string>>>({});
  const status = useSignal('');
  const keys = Object.keys(THRESHOLD_LABELS) as ThresholdKey[];
  // Controlled fields: what the user typed survives re-renders (a recompute pushes new thresholds).
  const values = useSignal<Record<ThresholdKey, string>>(Object.fromEntries(keys.map((k) => [k, toInputValue(k, thresholds[k])])) as Record<ThresholdKey, string>);
  const formRef = useRef<HTMLFormElement>(null);
  const focusFirstInvalid = () => requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());

  async function onSubmit(e: Event) {
    e.preventDefault();
    const next: Record<string, string | number> = {};
    const problems: Partial<Record<ThresholdKey, string>> = {};
    for (const key of keys) {
      const parsed = fromInputValue(key, THRESHOLD_LABELS[key], values.value[key]);
      if ('error' in parsed) problems[key] = parsed.error;
      else next[key] = parsed.value;
    }
    status.value = '';
    if (Object.keys(problems).length) {
      issues.value = problems;
      focusFirstInvalid();
      return;
    }
    try {
      // The core validates each field again (ranges) and names any wrong one.
      await core.updateSettings({ insightThresholds: next as Partial<InsightThresholds> });
      issues.value = {};
      status.value = 'Thresholds saved; the insights are recomputed.';
    } catch (error) {
      const err = error instanceof CoreError ? error : CoreError.from(error);
      const byField: Partial<Record<ThresholdKey | 'form', string>> = {};
      for (const issue of err.issues) {
        const field = issue.field.replace(/^insightThresholds\.?/, '') as ThresholdKey;
        if (keys.includes(field)) byField[field] = issue.message;
        else byField.form = issue.message;
      }
      if (!err.issues.length) byField.form = err.message;
      issues.value = byField;
      focusFirstInvalid();
    }
  }

  return (
    <form class="thresholds-form" ref={formRef} onSubmit={(e) => void onSubmit(e)} noValidate>
      <div class="thresholds-grid">
        {keys.map((key) => {
          const id = `threshold-${key}`;
          const unit = THRESHOLD_UNITS[key];
          const suffix = unit === 'amount' ? baseCurrency : UNIT_SUFFIX[unit];
          const issue = issues.value[key];
          return (
            <div class="field" key={key}>
              <label for={id}>
                {THRESHOLD_LABELS[key]} <span class="muted">({suffix})</span>
              </label>
              <input
                id={id}
                name={key}
                inputMode={unit === 'days' ? 'numeric' : 'decimal'}
                value={values.value[key]}
                onInput={(e) => (values.value = { ...values.value, [key]: (e.currentTarget as HTMLInputElement).value })}
                aria-invalid={issue ? 'true' : undefined}
                aria-describedby={issue ? `${id}-error` : undefined}
              />
              {issue && (
                <span class="field-error" id={`${id}-error`}>
                  {issue}
                </span>
              )}
            </div>
          );
        })}
      </div>
      {issues.value.form && (
        <p class="field-error" role="alert">
          {issues.value.form}
        </p>
      )}
      <button type="submit">Save thresholds</button>
      <p role="status" class="muted">
        {status.value}
      </p>
    </form>
  );
}
