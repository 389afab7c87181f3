import type { AccountRow, TransactionRow } from '../../../../core/src/db/rows';
import type { AccountReconciliation, Explanation, Reconciliation } from '../../../../core/src/io/questrade/reconcile';
import { dec } from '../../../../core/src/money/decimal';
import { formatFullTimestamp, formatMoney, formatQuantity } from '../format';

const KIND_LABEL: Partial<Record<TransactionRow['kind'], string>> = { fx_conversion: 'conversion', withholding_tax: 'tax withheld', return_of_capital: 'return of capital', opening_position: 'opening position' };

/** One explaining transaction as a short line: what, how much. */
function describeTransaction(row: TransactionRow, locale: string): string {
  const kind = KIND_LABEL[row.kind] ?? row.kind;
  const qty = row.quantity ? `${formatQuantity(dec(row.quantity), locale)} ${row.symbol ?? ''}`.trim() : '';
  const price = row.price ? ` at ${formatMoney(dec(row.price), row.currency, locale)}` : '';
  const amount = row.amount ? formatMoney(dec(row.amount), row.currency, locale) : '';
  const to = row.kind === 'fx_conversion' && row.toAmount && row.toCurrency ? ` → ${formatMoney(dec(row.toAmount), row.toCurrency, locale)}` : '';
  return [kind, qty ? `${qty}${price}` : '', amount ? `${amount}${to}` : '', row.kind === 'dividend' || row.kind === 'withholding_tax' ? (row.symbol ?? '') : ''].filter(Boolean).join(' ');
}

function Why({ explanation, label, locale, idBase }: { explanation: Explanation; label: string; locale: string; idBase: string }) {
  return (
    <>
      <ul class="qt-hints">
        {explanation.hints.map((hint) => (
          <li key={hint}>{hint}</li>
        ))}
      </ul>
      {explanation.transactionCount > 0 ? (
        <details class="qt-explaining">
          <summary id={`${idBase}-tx`}>
            {explanation.transactionCount} imported transaction{explanation.transactionCount === 1 ? '' : 's'} in {label}
            {explanation.transactionCount > explanation.transactions.length ? ` (latest ${explanation.transactions.length} shown)` : ''}
          </summary>
          <ul aria-labelledby={`${idBase}-tx`}>
            {explanation.transactions.map((t) => (
              <li key={t.id}>
                <time dateTime={t.date}>{t.date}</time> {describeTransaction(t, locale)}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}

function AccountResult({ result, account, locale }: { result: AccountReconciliation; account: AccountRow | undefined; locale: string }) {
  const name = account?.name ?? `Questrade ${result.number}`;
  const agree = `${result.matched.positions} position${result.matched.positions === 1 ? '' : 's'} and ${result.matched.currencies} cash balance${result.matched.currencies === 1 ? '' : 's'} agree`;
  const headingId = `qt-rec-${result.number}`;
  return (
    <section class={`qt-rec-account ${result.matches ? 'qt-match' : 'qt-mismatch'}`} aria-labelledby={headingId}>
      <h4 id={headingId}>
        {name} <span class="muted">#{result.number}</span>
      </h4>
      {result.matches ? (
        <p class="qt-rec-ok">✓ Matches Questrade: {agree}.</p>
      ) : (
        <p class="qt-rec-bad">
          {result.positions.length + result.cash.length} difference{result.positions.length + result.cash.length === 1 ? '' : 's'}; {agree}.
        </p>
      )}
      {result.positions.map((p) => (
        <article class="qt-diff" key={`p-${p.symbol}`} aria-label={`${p.symbol} quantity difference`}>
          <h5>
            {p.symbol}: Questrade {formatQuantity(dec(p.questrade), locale)}, Folio {formatQuantity(dec(p.engine), locale)}
            <span class="qt-delta"> (difference {formatQuantity(dec(p.difference), locale)})</span>
          </h5>
          <Why explanation={p} label={p.symbol} locale={locale} idBase={`qt-${result.number}-${p.symbol}`} />
        </article>
      ))}
      {result.cash.map((c) => (
        <article class="qt-diff" key={`c-${c.currency}`} aria-label={`${c.currency} cash difference`}>
          <h5>
            {c.currency} cash: Questrade {formatMoney(dec(c.questrade), c.currency, locale)}, Folio {c.engine === null ? 'not tracked' : formatMoney(dec(c.engine), c.currency, locale)}
            {c.difference !== null && <span class="qt-delta"> (difference {formatMoney(dec(c.difference), c.currency, locale)})</span>}
          </h5>
          <Why explanation={c} label={c.currency} locale={locale} idBase={`qt-${result.number}-${c.currency}`} />
        </article>
      ))}
    </section>
  );
}

/** The reconciliation of one connection, account by account. */
export function ReconciliationView({ report, accounts, locale }: { report: Reconciliation; accounts: AccountRow[]; locale: string }) {
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const asOf = Number.isNaN(Date.parse(report.asOf)) ? report.asOf : formatFullTimestamp(report.asOf, locale);
  return (
    <div class="qt-reconciliation">
      <p class="field-hint">Folio’s quantities and cash compared with Questrade’s positions and balances from the last sync ({asOf}).</p>
      {report.accounts.length === 0 && <p>No accounts to compare yet: wait for the first import.</p>}
      {report.accounts.map((a) => (
        <AccountResult key={a.accountId} result={a} account={byId.get(a.accountId)} locale={locale} />
      ))}
    </div>
  );
}
