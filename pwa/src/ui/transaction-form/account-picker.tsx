import { useSignal, type ReadonlySignal, type Signal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { AccountRow } from '../../../../core/src/db/rows';
import { CoreError, type FieldIssue } from '../../../../core/src/errors';
import type { CoreClient } from '../../../../core/src/worker/connect-core';
import { SelectField } from '../field';

interface SelectProps {
  id: string;
  name: string;
  label: string;
  accounts: ReadonlySignal<AccountRow[]>;
  value: Signal<string>;
  issue: ReadonlySignal<FieldIssue | undefined>;
  /** Left out of the choices (the source account, for a transfer's destination). */
  exclude?: string;
  placeholder?: string;
}

/** A labelled account <select>, controlled by a signal (choosing is rare; typing is not involved). */
export function AccountSelect({ id, name, label, accounts, value, issue, exclude, placeholder }: SelectProps) {
  return (
    <SelectField
      id={id}
      name={name}
      label={label}
      issue={issue.value}
      value={value.value}
      onChange={(next) => (value.value = next)}
      choices={accounts.value.filter((a) => a.id !== exclude)}
      placeholder={placeholder}
    />
  );
}

/**
 * "New account" in place, so a transfer's destination can be created without leaving the
 * form. Not a nested <form>: Enter in its input creates the account, not the transaction.
 */
export function NewAccount({ core, portfolioId, onCreated }: { core: CoreClient; portfolioId: ReadonlySignal<string>; onCreated: (account: AccountRow) => void }) {
  const open = useSignal(false);
  const error = useSignal('');
  const busy = useSignal(false);
  const nameInput = useRef<HTMLInputElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  // Opening moves focus into the name field; closing brings it back to the button (not on mount).
  useEffect(() => {
    if (open.value) nameInput.current?.focus();
    else if (wasOpen.current) toggle.current?.focus();
    wasOpen.current = open.value;
  }, [open.value]);
  const create = async (input: HTMLInputElement) => {
    if (busy.value) return;
    busy.value = true;
    try {
      const account = await core.createAccount({ portfolioId: portfolioId.value, name: input.value.trim() });
      error.value = '';
      open.value = false;
      onCreated(account);
    } catch (e) {
      const ce = CoreError.from(e);
      error.value = ce.issues[0]?.message ?? ce.message;
    } finally {
      busy.value = false;
    }
  };
  if (!open.value) {
    return (
      <button ref={toggle} type="button" class="txn-link-button" onClick={() => (open.value = true)}>
        New account…
      </button>
    );
  }
  return (
    <div class="txn-new-account" role="group" aria-label="New account">
      <div class="field">
        <label for="txn-new-account-name">New account name</label>
        <input
          id="txn-new-account-name"
          type="text"
          autoComplete="off"
          ref={nameInput}
          aria-invalid={error.value ? 'true' : undefined}
          aria-describedby={error.value ? 'txn-new-account-error' : undefined}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void create(e.currentTarget);
            } else if (e.key === 'Escape') open.value = false;
          }}
        />
        {error.value && (
          <span class="field-error" id="txn-new-account-error" role="alert">
            {error.value}
          </span>
        )}
      </div>
      <button type="button" disabled={busy.value} onClick={() => nameInput.current && void create(nameInput.current)}>
        Create account
      </button>
      <button type="button" class="txn-secondary" onClick={() => (open.value = false)}>
        Cancel
      </button>
    </div>
  );
}
