import { batch, computed, useComputed, useSignal, type ReadonlySignal } from '@preact/signals';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { AccountRow, TransactionRow } from '../../../../core/src/db/rows';
import { formIssues, CoreError, type FieldIssue } from '../../../../core/src/errors';
import type { HoldingsSummary } from '../../../../core/src/engine/holdings-summary';
import type { TransactionKind } from '../../../../core/src/model/transaction';
import { localDate } from '../../../../core/src/time/local-date';
import type { CoreClient } from '../../../../core/src/worker/connect-core';
import { AccountSelect, NewAccount } from './account-picker';
import { FxRateField } from './fx-rate-field';
import { buildInput, describeSaved, fieldsFor, fieldText, KINDS, kindInfo, kindPhrase, needsFxRate, valuesOf, type FieldName, type FormValues, type TransferMode } from './kind-fields';
import { SymbolCombobox } from './symbol-combobox';
import { TxInput } from './tx-input';
import './transaction-form.css';

const GROUPS = [...new Set(KINDS.map((k) => k.group))];
/** Issues the engine reports about the history as a whole, shown above the button. */
const FORM_LEVEL = new Set(['form', 'input', 'transaction', 'kind', 'id']);

interface Props {
  core: CoreClient;
  baseCurrency: ReadonlySignal<string>;
  locale: ReadonlySignal<string>;
  holdings: ReadonlySignal<HoldingsSummary | null>;
  /** `?edit=<id>`: the transaction to load and save over. */
  editId?: string | undefined;
}

/**
 * Entry of any transaction kind. Inputs are uncontrolled (typing renders nothing); signals hold
 * only what changes the layout — kind, transfer mode, account, currency, date — and the errors
 * the worker returns, each shown next to its field.
 */
export function TransactionForm({ core, baseCurrency, locale, holdings, editId }: Props) {
  const kind = useSignal<TransactionKind>('buy');
  const transfer = useSignal<TransferMode>('cash');
  const accounts = useSignal<AccountRow[]>([]);
  const accountId = useSignal('');
  const toAccountId = useSignal('');
  const date = useSignal(localDate(new Date()));
  const currency = useSignal('');
  const issues = useSignal<FieldIssue[]>([]);
  const status = useSignal('');
  const busy = useSignal(false);
  const instrumentHint = useSignal('');
  const loaded = useSignal<TransactionRow | null>(null);
  const loadError = useSignal('');
  const saved = useSignal<TransactionRow[]>([]);
  /** Bumped to remount the kind's inputs with fresh defaults (after a save, on load). */
  const generation = useSignal(0);
  const formRef = useRef<HTMLFormElement>(null);
  const lastLookup = useRef('');

  const portfolioId = useComputed(() => accounts.value.find((a) => a.id === accountId.value)?.portfolioId ?? '');
  const issueSignals = useMemo(() => {
    const of = (field: string) => computed(() => issues.value.find((i) => i.field === field));
    return Object.fromEntries(['symbol', 'quantity', 'price', 'amount', 'ratio', 'currency', 'toCurrency', 'toAmount', 'fee', 'fxRate', 'toAccountId', 'accountId', 'date', 'note'].map((f) => [f, of(f)])) as Record<FieldName | 'accountId' | 'date' | 'note', ReadonlySignal<FieldIssue | undefined>>;
  }, []);

  const loadAccounts = async () => {
    const { account } = await core.ensureDefaultAccount();
    const list = await core.listAccounts();
    batch(() => {
      accounts.value = list;
      if (!list.some((a) => a.id === accountId.peek())) accountId.value = account.id;
    });
  };

  useEffect(() => {
    loadAccounts().catch((e: unknown) => (loadError.value = `Accounts could not be loaded: ${CoreError.from(e).message}`));
  }, []);

  // ?edit=<id>: load the transaction (or say it is gone); without it, a fresh form.
  useEffect(() => {
    if (!editId) {
      if (loaded.peek()) batch(() => ((loaded.value = null), generation.value++));
      return;
    }
    let current = true;
    core.listTransactions().then(
      (rows) => {
        if (!current) return;
        const row = rows.find((r) => r.id === editId);
        if (!row) {
          loadError.value = `Transaction ${editId} was not found: it may have been deleted.`;
          return;
        }
        const { values, transfer: mode } = valuesOf(row);
        batch(() => {
          loadError.value = '';
          loaded.value = row;
          kind.value = row.kind;
          transfer.value = mode;
          accountId.value = row.accountId;
          toAccountId.value = row.toAccountId ?? '';
          date.value = row.date;
          currency.value = values.currency ?? '';
          issues.value = [];
          status.value = '';
          generation.value++;
        });
      },
      (e: unknown) => {
        if (current) loadError.value = `Transaction ${editId} could not be loaded: ${CoreError.from(e).message}`;
      },
    );
    return () => {
      current = false;
    };
  }, [editId]);

  /** A symbol was chosen: detect its currency (the held one first: the engine requires it). */
  const onSymbolPicked = (symbol: string) => {
    if (!symbol || symbol === lastLookup.current) return;
    lastLookup.current = symbol;
    const currencyInput = () => formRef.current?.elements.namedItem('currency') as HTMLInputElement | null;
    const setCurrency = (code: string) => {
      const el = currencyInput();
      if (el) el.value = code;
      currency.value = code;
    };
    const held = holdings.peek()?.holdings.find((h) => h.symbol === symbol && h.quantity !== 0n);
    if (held) setCurrency(held.currency);
    // A currency typed while the lookup runs is the user's choice: the answer does not replace it.
    const typedBefore = currencyInput()?.value;
    instrumentHint.value = `Looking up ${symbol}…`;
    core.lookupInstrument(symbol).then(
      (info) => {
        if (lastLookup.current !== symbol) return;
        if (!info) {
          instrumentHint.value = held ? `Held in ${held.currency}.` : `No quote for ${symbol} in market data: check the symbol and enter its currency.`;
          return;
        }
        if (!held && currencyInput()?.value === typedBefore) setCurrency(info.currency);
        instrumentHint.value = [info.name, info.exchange, `trades in ${info.currency}`].filter(Boolean).join(' · ') + (info.demo ? ' (demo data)' : '');
      },
      () => {
        if (lastLookup.current === symbol) instrumentHint.value = held ? `Held in ${held.currency}.` : 'Market data unavailable: enter the currency.';
      },
    );
  };

  /** Another kind: its own fields (shared ones keep their values); old errors no longer apply. */
  const changeKind = (next: TransactionKind) =>
    batch(() => {
      kind.value = next;
      issues.value = [];
      status.value = '';
    });

  const shownFields = (): FieldName[] => {
    const fields = fieldsFor(kind.peek(), transfer.peek());
    return fields.filter((f) => f !== 'fxRate' || needsFxRate(kind.peek(), fields, currency.peek(), baseCurrency.peek()));
  };

  async function onSubmit(event: Event) {
    event.preventDefault();
    if (busy.value) return;
    const form = event.currentTarget as HTMLFormElement;
    const values = Object.fromEntries(new FormData(form)) as FormValues;
    const input = buildInput(kind.value, accountId.value, { ...values, toAccountId: toAccountId.value }, shownFields());
    busy.value = true;
    try {
      const row = loaded.value ? await core.updateTransaction(loaded.value.id, input) : await core.addTransaction(input);
      const text = describeSaved(row, locale.peek());
      batch(() => {
        issues.value = [];
        saved.value = [row, ...saved.value.filter((r) => r.id !== row.id)].slice(0, 20);
        if (loaded.value) {
          loaded.value = row;
          status.value = `Changes saved: ${text}.`;
        } else {
          status.value = `Saved: ${text}.`;
          // Ready for the next entry: same kind, account and date; everything else cleared.
          currency.value = '';
          instrumentHint.value = '';
          lastLookup.current = '';
          generation.value++;
        }
      });
      if (!loaded.value) requestAnimationFrame(() => form.querySelector<HTMLElement>('.txn-fields input, .txn-fields select')?.focus());
    } catch (error) {
      const shown = new Set<string>([...shownFields(), 'accountId', 'date', 'note']);
      batch(() => {
        issues.value = formIssues(error).map((i) => (shown.has(i.field) || FORM_LEVEL.has(i.field) ? i : { ...i, message: `${i.field}: ${i.message}` }));
        status.value = 'Not saved: correct the marked fields.';
      });
      requestAnimationFrame(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
    } finally {
      busy.value = false;
    }
  }

  const k = kind.value;
  const fields = fieldsFor(k, transfer.value);
  const initial: FormValues = loaded.value ? valuesOf(loaded.value).values : {};
  const editing = loaded.value !== null;
  const shownIds = new Set<string>([...fields, 'accountId', 'date', 'note']);
  const otherIssues = issues.value.filter((i) => !shownIds.has(i.field));

  const input = (name: FieldName) => {
    // The currency is not read here: typing it must not re-render the form (FxRateField reads it).
    const text = fieldText(name, k, baseCurrency.value, '');
    const id = `txn-${name}`;
    switch (name) {
      case 'symbol':
        return <SymbolCombobox key="symbol" core={core} id={id} label={text.label} issue={issueSignals.symbol} defaultValue={initial.symbol} hint={instrumentHint} onPicked={onSymbolPicked} />;
      case 'fxRate':
        return <FxRateField key="fxRate" core={core} id={id} currency={currency} baseCurrency={baseCurrency} date={date} issue={issueSignals.fxRate} defaultValue={initial.fxRate} />;
      case 'toAccountId':
        return <AccountSelect key="toAccountId" id={id} name="toAccountId" label={text.label} accounts={accounts} value={toAccountId} issue={issueSignals.toAccountId} exclude={accountId.value} placeholder="Choose an account" />;
      case 'currency':
        return (
          <TxInput
            key="currency"
            id={id}
            name="currency"
            label={text.label}
            issue={issueSignals.currency}
            placeholder={baseCurrency.value}
            defaultValue={initial.currency ?? baseCurrency.value}
            autoCapitalize="characters"
            onInput={(e) => (currency.value = (e.currentTarget as HTMLInputElement).value)}
          />
        );
      default:
        return <TxInput key={name} id={id} name={name} label={text.label} issue={issueSignals[name]} inputMode={text.inputMode} placeholder={text.placeholder} hint={text.hint} defaultValue={initial[name]} />;
    }
  };

  return (
    <>
      {loadError.value && (
        <p class="field-error" role="alert">
          {loadError.value} <a href="/add">Add a new transaction</a>
        </p>
      )}
      <form ref={formRef} class="txn-form" onSubmit={onSubmit} noValidate aria-label={editing ? 'Edit transaction' : 'Add a transaction'}>
        <div class="txn-head">
          <div class="field">
            <label for="txn-kind">Kind</label>
            <select id="txn-kind" name="kind" value={k} aria-describedby="txn-kind-help" onChange={(e) => changeKind((e.currentTarget as HTMLSelectElement).value as TransactionKind)}>
              {GROUPS.map((group) => (
                <optgroup key={group} label={group}>
                  {KINDS.filter((x) => x.group === group).map((x) => (
                    <option key={x.kind} value={x.kind}>
                      {x.label}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </div>
          <div class="txn-account">
            <AccountSelect id="txn-account" name="accountId" label={k === 'transfer' ? 'From account' : 'Account'} accounts={accounts} value={accountId} issue={issueSignals.accountId} />
            <NewAccount
              core={core}
              portfolioId={portfolioId}
              onCreated={(account) => {
                accounts.value = [...accounts.value, account];
                if (kind.value === 'transfer') toAccountId.value = account.id;
                else accountId.value = account.id;
                status.value = `Account “${account.name}” created.`;
              }}
            />
          </div>
          <TxInput id="txn-date" name="date" type="date" label="Date" issue={issueSignals.date} defaultValue={initial.date ?? date.peek()} max={localDate(new Date())} onInput={(e) => (date.value = (e.currentTarget as HTMLInputElement).value)} key={`date-${loaded.value?.id ?? ''}`} />
        </div>
        <p class="muted txn-kind-help" id="txn-kind-help">
          {kindInfo(k).help}
        </p>
        {k === 'transfer' && (
          <fieldset class="txn-transfer">
            <legend>Transfer</legend>
            {(['cash', 'securities'] as const).map((mode) => (
              <label key={mode}>
                <input type="radio" name="transferMode" value={mode} checked={transfer.value === mode} onChange={() => (transfer.value = mode)} /> {mode === 'cash' ? 'Cash' : 'Securities'}
              </label>
            ))}
          </fieldset>
        )}
        <div class="txn-fields" key={generation.value}>
          {fields.map(input)}
        </div>
        <div class="field txn-note" key={`note-${generation.value}`}>
          <label for="txn-note">Note (optional)</label>
          <input id="txn-note" name="note" type="text" autoComplete="off" maxLength={2000} defaultValue={initial.note} aria-invalid={issueSignals.note.value ? 'true' : undefined} aria-describedby={issueSignals.note.value ? 'txn-note-error' : undefined} />
          {issueSignals.note.value && (
            <span class="field-error" id="txn-note-error" role="alert">
              {issueSignals.note.value.message}
            </span>
          )}
        </div>
        {otherIssues.length > 0 && (
          <ul class="txn-form-errors" role="alert">
            {otherIssues.map((issue, i) => (
              <li key={i} class="field-error">
                {issue.message}
              </li>
            ))}
          </ul>
        )}
        <div class="txn-actions">
          <button type="submit" disabled={busy.value}>
            {editing ? 'Save changes' : `Add ${kindPhrase(k)}`}
          </button>
          {editing && <a href="/add">Add a new transaction instead</a>}
          <p class="txn-status" role="status" aria-live="polite">
            {status.value}
          </p>
        </div>
      </form>
      {saved.value.length > 0 && (
        <section class="txn-saved" aria-labelledby="txn-saved-heading">
          <h2 id="txn-saved-heading">Saved in this visit</h2>
          <ul>
            {saved.value.map((row) => (
              <li key={row.id} data-kind={row.kind}>
                <span>{describeSaved(row, locale.value)}</span> <a href={`/add?edit=${encodeURIComponent(row.id)}`} aria-label={`Edit ${describeSaved(row, locale.value)}`}>Edit</a>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
