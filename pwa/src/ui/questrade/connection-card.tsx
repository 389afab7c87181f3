import { useSignal } from '@preact/signals';
import type { QuestradeConnection } from '../../../../core/src/api/handlers/questrade';
import type { AccountRow } from '../../../../core/src/db/rows';
import { CoreError } from '../../../../core/src/errors';
import type { Reconciliation } from '../../../../core/src/io/questrade/reconcile';
import type { CoreClient } from '../../../../core/src/worker/connect-core';
import { formatTimestamp } from '../format';
import { describeConnection } from './connection-status';
import { ReconciliationView } from './reconciliation-view';

type Busy = '' | 'sync' | 'reconcile' | 'disconnect';

/** One connection: its status and problem, Sync now, Compare with Questrade, Disconnect (confirmed). */
export function ConnectionCard({
  core,
  connection,
  accounts,
  locale,
  onChanged,
}: {
  core: CoreClient;
  connection: QuestradeConnection;
  accounts: AccountRow[];
  locale: string;
  onChanged: () => void;
}) {
  const busy = useSignal<Busy>('');
  const error = useSignal('');
  const confirming = useSignal(false);
  const report = useSignal<Reconciliation | null>(null);
  const status = describeConnection(connection, new Date(), locale);
  const id = `qt-conn-${connection.id}`;
  const label = connection.accounts.length ? connection.accounts.map((a) => `${a.type} #${a.number}`).join(', ') : 'accounts not listed yet';

  async function run(kind: Busy, action: () => Promise<void>) {
    busy.value = kind;
    error.value = '';
    try {
      await action();
    } catch (e) {
      error.value = (e instanceof CoreError ? e : CoreError.from(e)).message;
    } finally {
      busy.value = '';
    }
  }

  const syncNow = () =>
    run('sync', async () => {
      await core.syncQuestrade(connection.id);
      onChanged();
    });
  const reconcile = () =>
    run('reconcile', async () => {
      report.value = await core.reconcileQuestrade(connection.id);
    });
  const disconnect = () =>
    run('disconnect', async () => {
      await core.disconnectQuestrade(connection.id);
      confirming.value = false;
      onChanged();
    });

  return (
    <section class="io-card qt-connection" aria-labelledby={`${id}-heading`} data-state={connection.state}>
      <h2 id={`${id}-heading`}>Questrade: {label}</h2>
      <p role="status" aria-live="polite" class={`qt-status qt-${status.tone}`} data-field="qt-status">
        {status.headline}
      </p>
      {status.action && <p class="qt-action">{status.action}</p>}
      <dl class="qt-facts">
        <div>
          <dt>Imported</dt>
          <dd>
            {connection.imported.transactions} transaction{connection.imported.transactions === 1 ? '' : 's'}, {connection.imported.reviews} to review
          </dd>
        </div>
        {connection.nextSyncAt && connection.state !== 'needs_reconnect' && (
          <div>
            <dt>Next sync</dt>
            <dd>{formatTimestamp(connection.nextSyncAt, new Date(), locale)}</dd>
          </div>
        )}
      </dl>
      <div class="qt-buttons">
        <button type="button" onClick={syncNow} disabled={busy.value !== '' || connection.state === 'syncing'}>
          {busy.value === 'sync' ? 'Syncing…' : 'Sync now'}
        </button>
        <button type="button" class="secondary" onClick={reconcile} disabled={busy.value !== ''}>
          {busy.value === 'reconcile' ? 'Comparing…' : 'Compare with Questrade'}
        </button>
        <button type="button" class="secondary" onClick={() => (confirming.value = true)} disabled={busy.value !== '' || confirming.value} aria-expanded={confirming.value}>
          Disconnect…
        </button>
      </div>
      {confirming.value && (
        <div class="confirm-box" role="group" aria-labelledby={`${id}-confirm`}>
          <p id={`${id}-confirm`}>Disconnect {label}? The server deletes its Questrade tokens and stops importing. Transactions already imported stay.</p>
          <button type="button" class="danger" onClick={disconnect} disabled={busy.value !== ''}>
            {busy.value === 'disconnect' ? 'Disconnecting…' : 'Disconnect'}
          </button>
          <button type="button" class="secondary" onClick={() => (confirming.value = false)} disabled={busy.value !== ''}>
            Cancel
          </button>
        </div>
      )}
      {error.value && (
        <p class="field-error" role="alert">
          {error.value}
        </p>
      )}
      {report.value && (
        <section aria-labelledby={`${id}-rec`} class="qt-rec">
          <h3 id={`${id}-rec`}>Compared with Questrade</h3>
          <ReconciliationView report={report.value} accounts={accounts} locale={locale} />
        </section>
      )}
    </section>
  );
}
