import { useSignal } from '@preact/signals';
import { CoreError } from '../../../../core/src/errors';
import type { CoreClient } from '../../../../core/src/worker/connect-core';
import { datedFileName } from '../import/csv-file';
import { downloadText } from '../import/download';
import { emptyBackup, RESET_WORD } from './choices';

const message = (e: unknown) => (e instanceof CoreError ? e : CoreError.from(e)).message;

/**
 * Backup, restore and reset. Restoring and resetting replace everything, so each asks first:
 * restore shows what it will do and waits for a second press; reset needs the word typed.
 * Both go through the worker's restore, which checks the whole backup before touching anything.
 */
export function BackupPanel({ core, signedIn }: { core: CoreClient; signedIn: boolean }) {
  const pending = useSignal<{ name: string; text: string } | null>(null);
  const typed = useSignal('');
  const busy = useSignal(false);
  const error = useSignal('');
  const done = useSignal('');

  async function run(action: () => Promise<string>) {
    busy.value = true;
    error.value = '';
    done.value = '';
    try {
      done.value = await action();
    } catch (e) {
      error.value = message(e);
    } finally {
      busy.value = false;
    }
  }

  const elsewhere = signedIn ? ' You are signed in to sync: the change also reaches the sync server and your other devices.' : '';

  return (
    <section aria-labelledby="backup-heading" class="io-card">
      <h2 id="backup-heading">Backup and reset</h2>
      <button type="button" class="secondary" disabled={busy.value} onClick={() => void run(async () => (downloadText(datedFileName('backup', 'json'), await core.exportBackup(), 'application/json'), 'Backup downloaded.'))}>
        Download a backup (JSON)
      </button>

      <div class="field restore-field">
        <label for="restore-file">Restore from a backup file</label>
        <input
          id="restore-file"
          type="file"
          accept=".json,application/json"
          disabled={busy.value}
          onChange={async (e) => {
            const input = e.currentTarget as HTMLInputElement;
            const file = input.files?.[0];
            input.value = '';
            if (file) pending.value = { name: file.name, text: await file.text() };
          }}
        />
      </div>
      {pending.value && (
        <div class="confirm-box" role="group" aria-labelledby="restore-confirm-text">
          <p id="restore-confirm-text">
            Restoring <strong>{pending.value.name}</strong> replaces every portfolio, account and transaction on this device with the backup's.{elsewhere}
          </p>
          <button
            type="button"
            class="danger"
            disabled={busy.value}
            onClick={() =>
              void run(async () => {
                const { transactions } = await core.restoreBackup(pending.value!.text);
                pending.value = null;
                return `Restored ${transactions} transactions.`;
              })
            }
          >
            Replace everything with this backup
          </button>
          <button type="button" class="secondary" onClick={() => (pending.value = null)}>
            Cancel
          </button>
        </div>
      )}

      <form
        class="reset-form"
        aria-labelledby="reset-heading"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (typed.value !== RESET_WORD) return;
          void run(async () => {
            await core.restoreBackup(JSON.stringify(emptyBackup(new Date())));
            typed.value = '';
            return 'Everything on this device was deleted.';
          });
        }}
      >
        <h3 id="reset-heading">Delete all data</h3>
        <p id="reset-warning">
          Deletes every portfolio, account and transaction on this device. Download a backup first if you may want them back.{elsewhere}
        </p>
        <div class="field">
          <label for="reset-confirm">Type {RESET_WORD} to confirm</label>
          <input id="reset-confirm" autoComplete="off" value={typed.value} aria-describedby="reset-warning" onInput={(e) => (typed.value = (e.currentTarget as HTMLInputElement).value)} />
        </div>
        <button type="submit" class="danger" disabled={busy.value || typed.value !== RESET_WORD}>
          Delete all data
        </button>
      </form>

      {error.value && (
        <p class="field-error" role="alert">
          {error.value}
        </p>
      )}
      <p role="status" class="import-result-line">
        {done.value}
      </p>
    </section>
  );
}
