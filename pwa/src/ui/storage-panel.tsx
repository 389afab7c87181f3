import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { StorageMode } from '../../../core/src/db/storage-mode';
import { CoreError } from '../../../core/src/errors';
import type { CoreClient } from '../../../core/src/worker/connect-core';
import { Field } from './field';

/** Where the data lives: this device (with optional self-hosted sync), or the user's own Dexie Cloud database. */
export function StoragePanel({ core }: { core: CoreClient }) {
  const mode = useSignal<StorageMode | null>(null);
  const error = useSignal('');
  const busy = useSignal(false);
  useEffect(() => {
    void core.getStorageMode().then((m) => (mode.value = m));
  }, [core]);

  async function switchTo(next: StorageMode) {
    busy.value = true;
    try {
      await core.setStorageMode(next);
      location.reload();
    } catch (e) {
      error.value = (e instanceof CoreError ? e : CoreError.from(e)).message;
      busy.value = false;
    }
  }

  const current = mode.value;
  return (
    <section aria-labelledby="storage-heading">
      <h2 id="storage-heading">Storage</h2>
      <p role="status" data-storage-mode={current?.mode ?? ''}>
        {current === null ? 'Loading…' : current.mode === 'local' ? 'On this device (sync through a Folio server, above, is optional).' : `Dexie Cloud: ${current.databaseUrl}`}
      </p>
      {current?.mode === 'local' && (
        <form
          class="buy-form"
          aria-label="Use Dexie Cloud"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            const url = String(new FormData(event.currentTarget as HTMLFormElement).get('databaseUrl') ?? '');
            void switchTo({ mode: 'dexie-cloud', databaseUrl: url });
          }}
        >
          <Field id="cloud-url" class="field-url" name="databaseUrl" label="Dexie Cloud database URL" placeholder="https://xxxxxxxx.dexie.cloud" autoComplete="url" />
          <button type="submit" disabled={busy.value}>
            Use Dexie Cloud
          </button>
        </form>
      )}
      {current?.mode === 'dexie-cloud' && (
        <button type="button" disabled={busy.value} onClick={() => switchTo({ mode: 'local' })}>
          Keep data on this device instead
        </button>
      )}
      {error.value && (
        <p class="field-error" role="alert">
          {error.value}
        </p>
      )}
    </section>
  );
}
