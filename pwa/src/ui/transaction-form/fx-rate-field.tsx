import { useComputed, useSignal, type ReadonlySignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { FieldIssue } from '../../../../core/src/errors';
import type { CoreClient } from '../../../../core/src/worker/connect-core';
import { fxLookupFailure, fxSourceText } from './fx-hint';
import { TxInput } from './tx-input';

/** Date and currency edits settle for this long before a rate is asked for. */
const FX_DEBOUNCE_MS = 300;

interface Props {
  core: CoreClient;
  id: string;
  currency: ReadonlySignal<string>;
  baseCurrency: ReadonlySignal<string>;
  date: ReadonlySignal<string>;
  issue: ReadonlySignal<FieldIssue | undefined>;
  defaultValue?: string | undefined;
}

/**
 * The broker's FX rate, shown only for money in a currency other than the base currency.
 * Prefilled from the market's rate of the trade date (said where it came from), editable; a
 * rate the user typed is never overwritten, and no rate is invented when the market has none.
 */
export function FxRateField({ core, id, currency, baseCurrency, date, issue, defaultValue }: Props) {
  const code = useComputed(() => currency.value.trim().toUpperCase());
  const shown = useComputed(() => /^[A-Z]{3}$/.test(code.value) && code.value !== baseCurrency.value.toUpperCase());
  const source = useSignal(defaultValue ? 'The rate saved with this transaction.' : '');
  /** Why the rate could not be looked up, shown in a disclosure under the hint. */
  const sourceDetail = useSignal<string | undefined>(undefined);
  const input = useRef<HTMLInputElement>(null);
  /** The value this field last filled in itself: anything else was typed by the user. */
  const prefilled = useRef<string | null>(null);

  useEffect(() => {
    if (!shown.value) return;
    const [from, to, day] = [code.value, baseCurrency.value.toUpperCase(), date.value];
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return;
    let current = true;
    const timer = setTimeout(() => {
      source.value = `Looking up ${from}${to} on ${day}…`;
      sourceDetail.value = undefined;
      core.getFxRate(from, to, day).then(
        (lookup) => {
          if (!current) return;
          const el = input.current;
          if (!el) return;
          const untouched = el.value === '' || el.value === prefilled.current;
          if (untouched) {
            el.value = lookup.found ? lookup.rate : '';
            prefilled.current = el.value;
          }
          source.value = fxSourceText(lookup, !untouched);
        },
        (error: unknown) => {
          if (!current) return;
          const failure = fxLookupFailure(error, from, to, day);
          source.value = failure.text;
          sourceDetail.value = failure.reason;
        },
      );
    }, FX_DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [shown.value, code.value, baseCurrency.value, date.value]);

  if (!shown.value) return null;
  return (
    <div class="txn-fx">
      <TxInput
        id={id}
        name="fxRate"
        label={`FX rate (${baseCurrency.value} per 1 ${code.value})`}
        issue={issue}
        inputMode="decimal"
        placeholder="e.g. 1.3500"
        describedBy={`${id}-source`}
        defaultValue={defaultValue}
        inputRef={input}
      />
      <p class="txn-hint" id={`${id}-source`} aria-live="polite" data-field="fx-source">
        {source.value}
      </p>
      {sourceDetail.value && (
        <details class="txn-hint txn-hint-why" data-field="fx-source-why">
          <summary>Why</summary>
          {sourceDetail.value}
        </details>
      )}
    </div>
  );
}
