import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { AccountRow } from '../../../../core/src/db/rows';
import { TRANSACTION_KINDS, type TransactionRow } from '../../../../core/src/model/transaction';
import { dec } from '../../../../core/src/money/decimal';
import { useApp } from '../../state/app-context';
import { useWatch } from '../../state/use-watch';
import { formatMoney, formatQuantity } from '../format';
import { formatUnitMoney } from './grid-format';
import { amountCell, conflictsByTransaction, dateRangeIssue, EMPTY_FILTER_FORM, kindLabel, newestFirst, toTransactionFilter, type TransactionFilterForm } from './transactions-view';
import './portfolio.css';

/** A stored decimal string formatted, or shown as stored if it does not parse (never hidden). */
function safe(value: string, format: (v: ReturnType<typeof dec>) => string): string {
  try {
    return format(dec(value));
  } catch {
    return value;
  }
}

function AmountText({ t, locale }: { t: TransactionRow; locale: string }) {
  const cell = amountCell(t);
  switch (cell.type) {
    case 'price':
      return <>{safe(cell.value, (v) => formatUnitMoney(v, cell.currency, locale))}</>;
    case 'amount':
      return <>{safe(cell.value, (v) => formatMoney(v, cell.currency, locale))}</>;
    case 'ratio':
      return <>ratio {cell.value}</>;
    case 'conversion':
      return (
        <>
          {safe(cell.value, (v) => formatMoney(v, cell.currency, locale))} → {safe(cell.toValue, (v) => formatMoney(v, cell.toCurrency, locale))}
        </>
      );
    case 'none':
      return <span class="muted">—</span>;
  }
}

/** One line's words for screen readers: "Buy AAPL 2025-01-10". */
const describe = (t: TransactionRow) => [kindLabel(t.kind), t.symbol, t.date].filter(Boolean).join(' ');

function Filters({ form, accounts, onChange }: { form: TransactionFilterForm; accounts: AccountRow[]; onChange: (next: TransactionFilterForm) => void }) {
  const set = (patch: Partial<TransactionFilterForm>) => onChange({ ...form, ...patch });
  const rangeIssue = dateRangeIssue(form);
  const active = JSON.stringify(form) !== JSON.stringify(EMPTY_FILTER_FORM);
  return (
    <form class="tx-filters" aria-label="Filter transactions" onSubmit={(e) => e.preventDefault()}>
      <div class="field">
        <label for="tx-kind">Kind</label>
        <select id="tx-kind" value={form.kind} onChange={(e) => set({ kind: e.currentTarget.value as TransactionFilterForm['kind'] })}>
          <option value="">All kinds</option>
          {TRANSACTION_KINDS.map((k) => (
            <option key={k} value={k}>
              {kindLabel(k)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="tx-symbol">Symbol</label>
        <input id="tx-symbol" type="search" value={form.symbol} placeholder="Any" autoComplete="off" onInput={(e) => set({ symbol: e.currentTarget.value })} />
      </div>
      {accounts.length > 1 && (
        <div class="field">
          <label for="tx-account">Account</label>
          <select id="tx-account" value={form.accountId} onChange={(e) => set({ accountId: e.currentTarget.value })}>
            <option value="">All accounts</option>
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <div class="field">
        <label for="tx-from">From</label>
        <input id="tx-from" type="date" value={form.from} onInput={(e) => set({ from: e.currentTarget.value })} />
      </div>
      <div class="field">
        <label for="tx-to">To</label>
        <input id="tx-to" type="date" value={form.to} aria-invalid={rangeIssue ? 'true' : undefined} aria-describedby={rangeIssue ? 'tx-to-error' : undefined} onInput={(e) => set({ to: e.currentTarget.value })} />
        {rangeIssue && (
          <span class="field-error" id="tx-to-error" role="alert">
            {rangeIssue}
          </span>
        )}
      </div>
      {active && (
        <button type="button" class="secondary-button" onClick={() => onChange(EMPTY_FILTER_FORM)}>
          Clear filters
        </button>
      )}
    </form>
  );
}

/** The second step of a delete: focus lands on the confirm button, Escape or Cancel backs out. */
function ConfirmDelete({ t, onConfirm, onCancel, busy }: { t: TransactionRow; onConfirm: () => void; onCancel: () => void; busy: boolean }) {
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => confirmRef.current?.focus(), []);
  return (
    <span class="confirm-delete" role="group" aria-label={`Delete ${describe(t)}?`} onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <span class="confirm-question">Delete?</span>
      <button type="button" ref={confirmRef} class="danger-button" disabled={busy} onClick={onConfirm}>
        Confirm delete<span class="sr-only"> {describe(t)}</span>
      </button>
      <button type="button" class="secondary-button" onClick={onCancel}>
        Cancel
      </button>
    </span>
  );
}

/**
 * The portfolio's transactions, newest first, filtered by kind, symbol, account and dates
 * in the worker. Edit opens the transaction form; delete asks once more, and a delete the
 * engine refuses (it would break a later sale) shows the engine's reason on that row.
 * Transactions that conflict after a sync are flagged on their row.
 */
export function TransactionsList({ portfolioId }: { portfolioId: string }) {
  const { core, prefs, sync } = useApp();
  const locale = prefs.locale.value;
  const [form, setForm] = useState<TransactionFilterForm>(EMPTY_FILTER_FORM);
  const [accounts, setAccounts] = useState<AccountRow[]>([]);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<ReadonlyMap<string, string>>(new Map());
  const [announcement, setAnnouncement] = useState('');
  const listRef = useRef<HTMLDivElement>(null);
  /** Where focus goes once a delete is done or cancelled (its buttons are gone): the row's Delete, or the table. */
  const [refocus, setRefocus] = useState<{ id: string } | null>(null);
  useEffect(() => {
    if (!refocus) return;
    const root = listRef.current;
    const target = root?.querySelector<HTMLElement>(`tr[data-transaction="${CSS.escape(refocus.id)}"] .danger-text`) ?? root?.querySelector<HTMLElement>('.grid-scroll');
    target?.focus();
  }, [refocus]);
  const filter = toTransactionFilter(portfolioId, form);
  const watched = useWatch<TransactionRow[]>(core, { kind: 'transactions', filter });
  const rows = useMemo(() => (watched.state === 'ready' ? newestFirst(watched.value) : null), [watched]);
  const conflicts = conflictsByTransaction(sync.overview.value, portfolioId);

  useEffect(() => {
    let active = true;
    core.listAccounts(portfolioId).then(
      (list) => active && setAccounts(list),
      () => undefined, // the account filter is then not offered
    );
    return () => {
      active = false;
    };
  }, [core, portfolioId]);

  const accountName = (id: string) => accounts.find((a) => a.id === id)?.name ?? id;
  const showAccount = accounts.length > 1;

  async function remove(t: TransactionRow) {
    setBusy(true);
    try {
      await core.deleteTransaction(t.id);
      setConfirming(null);
      setErrors((m) => {
        const next = new Map(m);
        next.delete(t.id);
        return next;
      });
      setAnnouncement(`Deleted ${describe(t)}`);
      setRefocus({ id: t.id });
    } catch (error) {
      setConfirming(null);
      setRefocus({ id: t.id });
      setErrors((m) => new Map(m).set(t.id, error instanceof Error ? error.message : String(error)));
    } finally {
      setBusy(false);
    }
  }

  const columns = 9 + (showAccount ? 1 : 0);
  return (
    <div class="transactions-list" ref={listRef}>
      <Filters form={form} accounts={accounts} onChange={setForm} />
      <p class="sr-only" role="status" aria-live="polite">
        {announcement}
      </p>
      {watched.state === 'error' && (
        <p class="field-error" role="alert">
          {watched.message}
        </p>
      )}
      {watched.state === 'loading' && (
        <p class="muted" role="status">
          Loading transactions…
        </p>
      )}
      {rows && rows.length === 0 && (
        <p class="muted" role="status">
          {JSON.stringify(form) === JSON.stringify(EMPTY_FILTER_FORM) ? 'No transactions in this portfolio yet.' : 'No transaction matches these filters.'}
        </p>
      )}
      {rows && rows.length > 0 && (
        <>
          <p class="scroll-hint muted" aria-hidden="true">
            Scroll the table sideways for more columns →
          </p>
          <div class="grid-scroll" role="region" aria-label="Transactions table (scrolls sideways)" tabIndex={0}>
            <table class="grid transactions-table" aria-label="Transactions">
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Symbol</th>
                  {showAccount && <th scope="col">Account</th>}
                  <th scope="col" class="num">
                    Quantity
                  </th>
                  <th scope="col" class="num">
                    Price / amount
                  </th>
                  <th scope="col">Currency</th>
                  <th scope="col" class="num">
                    Fee
                  </th>
                  <th scope="col">Note</th>
                  <th scope="col">
                    <span class="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.flatMap((t) => {
                  const conflict = conflicts.get(t.id);
                  const error = errors.get(t.id);
                  const line = (
                    <tr key={t.id} data-transaction={t.id} data-kind={t.kind} data-conflict={conflict ? 'true' : undefined} class={conflict ? 'conflict-row' : undefined}>
                      <th scope="row">
                        <time dateTime={t.date}>{t.date}</time>
                      </th>
                      <td data-field="kind">
                        {kindLabel(t.kind)}
                        {conflict && (
                          <span class="tag tag-warning" title={conflict.join('; ')}>
                            sync conflict
                          </span>
                        )}
                      </td>
                      <td data-field="symbol">{t.symbol ?? ''}</td>
                      {showAccount && <td data-field="account">{accountName(t.accountId)}</td>}
                      <td class="num" data-field="quantity">
                        {t.quantity ? safe(t.quantity, (v) => formatQuantity(v, locale)) : ''}
                      </td>
                      <td class="num" data-field="amount">
                        <AmountText t={t} locale={locale} />
                      </td>
                      <td data-field="currency">{t.currency}</td>
                      <td class="num" data-field="fee">
                        {t.fee ? safe(t.fee, (v) => formatMoney(v, t.currency, locale)) : ''}
                      </td>
                      <td data-field="note" class="note-cell">
                        {t.note}
                        {conflict && <span class="conflict-message">Left out of calculations: {conflict.join('; ')}</span>}
                      </td>
                      <td class="actions-cell">
                        {confirming === t.id ? (
                          <ConfirmDelete t={t} busy={busy} onConfirm={() => void remove(t)} onCancel={() => {
                              setConfirming(null);
                              setRefocus({ id: t.id });
                            }}
                          />
                        ) : (
                          <div class="row-actions">
                            <a class="link-button" href={`/add?edit=${encodeURIComponent(t.id)}`}>
                              Edit<span class="sr-only"> {describe(t)}</span>
                            </a>
                            <button type="button" class="link-button danger-text" onClick={() => setConfirming(t.id)}>
                              Delete<span class="sr-only"> {describe(t)}</span>
                            </button>
                          </div>
                        )}
                      </td>
                    </tr>
                  );
                  if (!error) return [line];
                  return [
                    line,
                    <tr key={`${t.id}-error`} class="row-error">
                      <td colSpan={columns}>
                        <p class="field-error" role="alert" data-delete-error={t.id}>
                          Not deleted: {error}
                        </p>
                      </td>
                    </tr>,
                  ];
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
