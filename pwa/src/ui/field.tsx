import type { FieldIssue } from '../../../core/src/errors';

interface InputProps {
  type?: 'text' | 'email' | 'password' | 'url';
  placeholder?: string;
  inputMode?: 'text' | 'decimal' | 'numeric' | 'email' | 'url';
  autoComplete?: string;
  defaultValue?: string;
}

/** A labelled input with its validation message beside it, tied together for screen readers. */
export function Field({ id, name, label, issue, type = 'text', ...input }: { id: string; name: string; label: string; issue?: FieldIssue | undefined } & InputProps) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {/* Preact types <input> as a union per `type`; any of ours is a valid text-like input. */}
      <input type={type as 'text'} id={id} name={name} aria-invalid={issue ? 'true' : undefined} aria-describedby={issue ? `${id}-error` : undefined} {...input} />
      {issue && (
        <span class="field-error" id={`${id}-error`} role="alert">
          {issue.message}
        </span>
      )}
    </div>
  );
}
