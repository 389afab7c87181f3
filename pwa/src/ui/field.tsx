import type { ComponentChildren } from 'preact';
import type { FieldIssue } from '../../../core/src/errors';

interface InputProps {
  type?: 'text' | 'email' | 'password' | 'url';
  placeholder?: string;
  inputMode?: 'text' | 'decimal' | 'numeric' | 'email' | 'url';
  autoComplete?: string;
  defaultValue?: string;
  spellcheck?: boolean;
  /** Controlled use: the value and what typing does. */
  value?: string;
  onInput?: (event: Event) => void;
}

/** The ids a field's input is described by: its hint (if any), then its error (if any). */
const describedBy = (id: string, hint: unknown, issue: FieldIssue | undefined) => [hint ? `${id}-hint` : '', issue ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

function FieldNotes({ id, hint, issue }: { id: string; hint?: ComponentChildren; issue?: FieldIssue | undefined }) {
  return (
    <>
      {hint && (
        <span class="field-hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {issue && (
        <span class="field-error" id={`${id}-error`} role="alert">
          {issue.message}
        </span>
      )}
    </>
  );
}

/** A labelled input with its hint and validation message beside it, tied together for screen readers. */
export function Field({
  id,
  name,
  label,
  issue,
  hint,
  class: className,
  type = 'text',
  ...input
}: { id: string; name: string; label: string; issue?: FieldIssue | undefined; hint?: ComponentChildren; class?: string } & InputProps) {
  return (
    <div class={className ? `field ${className}` : 'field'}>
      <label for={id}>{label}</label>
      {/* Preact types <input> as a union per `type`; any of ours is a valid text-like input. */}
      <input type={type as 'text'} id={id} name={name} aria-invalid={issue ? 'true' : undefined} aria-describedby={describedBy(id, hint, issue)} {...input} />
      <FieldNotes id={id} hint={hint} issue={issue} />
    </div>
  );
}

/** A labelled <select> over `choices`, controlled by `value`, with its validation message beside it. */
export function SelectField({
  id,
  name,
  label,
  issue,
  value,
  onChange,
  choices,
  placeholder,
}: {
  id: string;
  name: string;
  label: string;
  issue?: FieldIssue | undefined;
  value: string;
  onChange: (value: string) => void;
  choices: readonly { id: string; name: string }[];
  /** A first, empty choice ("Choose…"). */
  placeholder?: string | undefined;
}) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select
        id={id}
        name={name}
        value={value}
        onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}
        aria-invalid={issue ? 'true' : undefined}
        aria-describedby={describedBy(id, undefined, issue)}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {choices.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
      <FieldNotes id={id} issue={issue} />
    </div>
  );
}
