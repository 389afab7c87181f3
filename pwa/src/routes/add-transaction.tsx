import { useLocation } from 'preact-iso';
import { useApp } from '../state/app-context';
import { TransactionForm } from '../ui/transaction-form/transaction-form';

/** `/add` records any kind of transaction; `/add?edit=<id>` edits one. */
export function AddTransaction() {
  const { core, prefs, holdings } = useApp();
  const { query } = useLocation();
  const editId = query['edit'] || undefined;
  return (
    <section aria-labelledby="add-heading">
      <h1 id="add-heading">{editId ? 'Edit a transaction' : 'Add a transaction'}</h1>
      <TransactionForm core={core} baseCurrency={prefs.baseCurrency} locale={prefs.locale} holdings={holdings.summary} editId={editId} />
    </section>
  );
}
