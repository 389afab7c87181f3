import { useSignal } from '@preact/signals';
import { CoreError } from '../../../../core/src/errors';
import type { CoreClient } from '../../../../core/src/worker/connect-core';
import { datedFileName } from './csv-file';
import { downloadText } from './download';

type ExportKind = 'transactions' | 'holdings' | 'realized-gains' | 'backup';

const EXPORTS: { kind: ExportKind; label: string; hint: string }[] = [
  { kind: 'transactions', label: 'Transactions (CSV)', hint: 'Every transaction, one per line; can be imported again.' },
  { kind: 'holdings', label: 'Holdings (CSV)', hint: 'Positions per account with cost and market value.' },
  { kind: 'realized-gains', label: 'Realized gains (CSV)', hint: 'Each sale with its proceeds, cost basis and gain.' },
  { kind: 'backup', label: 'Full backup (JSON)', hint: 'Everything, to restore on this or another device.' },
];

/** One button per export; each file is made by the worker and saved with today's date in its name. */
export function ExportPanel({ core }: { core: CoreClient }) {
  const busy = useSignal<ExportKind | null>(null);
  const error = useSignal('');

  async function save(kind: ExportKind) {
    busy.value = kind;
    error.value = '';
    try {
      if (kind === 'backup') downloadText(datedFileName('backup', 'json'), await core.exportBackup(), 'application/json');
      else {
        const text = kind === 'transactions' ? await core.exportTransactionsCsv() : kind === 'holdings' ? await core.exportHoldingsCsv() : await core.exportRealizedGainsCsv();
        downloadText(datedFileName(kind, 'csv'), text, 'text/csv');
      }
    } catch (e) {
      error.value = (e instanceof CoreError ? e : CoreError.from(e)).message;
    } finally {
      busy.value = null;
    }
  }

  return (
    <section aria-labelledby="export-heading" class="io-card">
      <h2 id="export-heading">Export</h2>
      <ul class="export-list">
        {EXPORTS.map(({ kind, label, hint }) => (
          <li key={kind}>
            <button type="button" class="secondary" disabled={busy.value !== null} aria-describedby={`export-${kind}-hint`} onClick={() => void save(kind)}>
              {busy.value === kind ? 'Preparing…' : `Download ${label}`}
            </button>
            <span id={`export-${kind}-hint`} class="muted">
              {hint}
            </span>
          </li>
        ))}
      </ul>
      <p>
        <a href="/import?report=1">Printable portfolio report (print or save as PDF)</a>
      </p>
      {error.value && (
        <p class="field-error" role="alert">
          {error.value}
        </p>
      )}
    </section>
  );
}
