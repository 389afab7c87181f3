import { useSignal } from '@preact/signals';
import { formIssues, type FieldIssue } from '../../../core/src/errors';
import type { CoreClient } from '../../../core/src/worker/connect-core';
import { describeStatus, type SyncStore } from '../state/sync-store';
import { Field } from './field';

/** Sync status, sign in or register, sync now, sign out, reset this device, and conflicts. */
export function SyncPanel({ core, store, beforeSignIn }: { core: CoreClient; store: SyncStore; beforeSignIn?: (() => Promise<void>) | undefined }) {
  const issues = useSignal<FieldIssue[]>([]);
  const busy = useSignal(false);
  const overview = store.overview.value;
  const issueFor = (field: string) => issues.value.find((i) => i.field === field);
  const state = overview?.status.state ?? 'signed_out';

  async function run(action: () => Promise<unknown>) {
    busy.value = true;
    try {
      await action();
      issues.value = [];
    } catch (error) {
      issues.value = formIssues(error);
    } finally {
      busy.value = false;
    }
  }

  function onSignIn(event: Event) {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    // The consent prompt (if any) is asked first thing: browsers show it only inside the click.
    const consent = beforeSignIn?.();
    void run(async () => {
      await consent;
      await core.signIn({
        serverUrl: String(data.get('serverUrl') ?? ''),
        email: String(data.get('email') ?? ''),
        password: String(data.get('password') ?? ''),
        register: data.get('register') === 'on',
      });
    });
  }

  return (
    <section aria-labelledby="sync-heading" class="sync-panel">
      <h2 id="sync-heading">Sync</h2>
      <p role="status" aria-live="polite" data-sync-state={state} class={`sync-status sync-${state}`}>
        {describeStatus(overview)}
      </p>
      {overview?.session ? (
        <div class="sync-actions">
          <span class="muted">
            Signed in as {overview.session.email} on {overview.session.serverUrl}
          </span>
          <button type="button" disabled={busy.value} onClick={() => run(() => core.syncNow())}>
            Sync now
          </button>
          <button type="button" disabled={busy.value} onClick={() => run(() => core.signOut())}>
            Sign out
          </button>
          <button
            type="button"
            disabled={busy.value}
            onClick={() => confirm('Delete this device’s copy and download everything again?') && run(() => core.resetDevice())}
          >
            Reset this device
          </button>
        </div>
      ) : null}
      {overview?.session && (
        <p class="muted device-info">
          Devices: every device signed in to this account keeps a full copy and syncs it. The sync server does not list the signed-in devices yet; to remove a device, sign out on it.
        </p>
      )}
      {overview?.session ? null : (
        <form class="buy-form" aria-label="Sign in to sync" onSubmit={onSignIn} noValidate>
          <Field id="sync-server" class="field-url" name="serverUrl" label="Sync server" issue={issueFor('serverUrl')} defaultValue={location.origin} autoComplete="url" />
          <Field id="sync-email" name="email" label="Email" issue={issueFor('email')} type="email" autoComplete="username" />
          <Field id="sync-password" name="password" label="Password" issue={issueFor('password')} type="password" autoComplete="current-password" />
          <div class="field">
            <label>
              <input type="checkbox" name="register" /> New account
            </label>
          </div>
          <button type="submit" disabled={busy.value}>
            Sign in
          </button>
        </form>
      )}
      {issues.value.filter((issue) => !['serverUrl', 'email', 'password'].includes(issue.field)).map((issue) => (
        <p class="field-error" role="alert" key={issue.field + issue.message}>
          {issue.message}
        </p>
      ))}
      {overview?.conflicts.length ? (
        <div role="alert" class="banner">
          <p>These transactions conflict with changes from another device and are left out of the numbers until you fix or delete them:</p>
          <ul>
            {overview.conflicts.map((c) => (
              <li key={c.transactionId}>{c.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
