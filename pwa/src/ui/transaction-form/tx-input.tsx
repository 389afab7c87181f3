import type { ReadonlySignal } from '@preact/signals';
import type { Ref } from 'preact';
import type { FieldIssue } from '../../../../core/src/errors';

interface Props {
  id: string;
  name: string;
  label: string;
  issue: ReadonlySignal<FieldIssue | undefined>;
  inputMode?: 'text' | 'decimal';
  type?: 'text' | 'date';
  placeholder?: string | undefined;
  hint?: string | undefined;
  defaultValue?: string | undefined;
  max?: string;
  inputRef?: Ref<HTMLInputElement>;
  onInput?: (event: Event) => void;
  autoCapitalize?: 'characters' | 'off';
  /** Another element describing the input (a live source line beside it). */
  describedBy?: string;
}

/**
 * An uncontrolled, labelled input: typing costs no render. Only its own error (a signal) and hint
 * re-render it; both are tied to the input for screen readers.
 */
export function TxInput({ id, name, label, issue, hint, inputRef, describedBy: more, type = 'text', ...input }: Props) {
  const error = issue.value;
  const describedBy = [error ? `${id}-error` : '', hint ? `${id}-hint` : '', more ?? ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input ref={inputRef} type={type as 'text'} id={id} name={name} autoComplete="off" aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy} {...input} />
      {error && (
        <span class="field-error" id={`${id}-error`} role="alert">
          {error.message}
        </span>
      )}
      {hint && (
        <span class="txn-hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
    </div>
  );
}
