import { useSignal } from '@preact/signals';
import type { AiServerConfig } from '../../../../core/src/api/handlers/ai-insights';
import { formIssues, CoreError, type FieldIssue } from '../../../../core/src/errors';
import type { CoreClient } from '../../../../core/src/worker/connect-core';
import { Field } from '../field';

/**
 * The user's own model key: sent once to the sync server, which keeps it encrypted and never
 * returns it. Model and base URL are optional (the server's are used otherwise).
 */
export function AiKeyForm({ core, server, onChange }: { core: CoreClient; server: AiServerConfig; onChange: (next: AiServerConfig) => void }) {
  const issues = useSignal<Record<string, FieldIssue>>({});
  const status = useSignal('');
  const busy = useSignal(false);

  async function onSubmit(e: Event) {
    e.preventDefault();
    const formEl = e.currentTarget as HTMLFormElement;
    const form = new FormData(formEl);
    const apiKey = String(form.get('apiKey') ?? '').trim();
    const model = String(form.get('model') ?? '').trim();
    const baseUrl = String(form.get('baseUrl') ?? '').trim();
    if (!apiKey) {
      issues.value = { apiKey: { field: 'apiKey', message: 'Enter your API key' } };
      formEl.querySelector<HTMLElement>('#ai-key')?.focus();
      return;
    }
    busy.value = true;
    try {
      const next = await core.setAiKey({ apiKey, ...(model ? { model } : {}), ...(baseUrl ? { baseUrl } : {}) });
      issues.value = {};
      formEl.reset();
      status.value = 'Key saved on the server (encrypted). It is not kept on this device.';
      onChange(next);
    } catch (error) {
      issues.value = Object.fromEntries(formIssues(error).map((i) => [i.field, i]));
      status.value = '';
    } finally {
      busy.value = false;
    }
  }

  async function remove() {
    busy.value = true;
    try {
      onChange(await core.clearAiKey());
      status.value = 'Your key was deleted from the server.';
    } catch (error) {
      issues.value = { form: { field: 'form', message: CoreError.from(error).message } };
    } finally {
      busy.value = false;
    }
  }

  return (
    <form class="ai-key-form" onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="ai-key-heading">
      <h3 id="ai-key-heading">Your own API key</h3>
      <p class="field-hint">Any OpenAI-compatible service. The key is stored encrypted on your sync server and never shown again.</p>
      <Field id="ai-key" name="apiKey" label="API key" type="password" autoComplete="off" issue={issues.value['apiKey']} />
      <Field id="ai-model" name="model" label={`Model (optional${server.model ? `, default ${server.model}` : ''})`} autoComplete="off" issue={issues.value['model']} />
      <Field id="ai-base-url" name="baseUrl" label="Base URL (optional, https)" type="url" placeholder="https://api.openai.com/v1" issue={issues.value['baseUrl']} />
      {issues.value['form'] && (
        <p class="field-error" role="alert">
          {issues.value['form'].message}
        </p>
      )}
      <div class="ai-buttons">
        <button type="submit" disabled={busy.value}>
          Save key
        </button>
        {server.source === 'user' && (
          <button type="button" class="secondary" disabled={busy.value} onClick={() => void remove()}>
            Delete my key
          </button>
        )}
      </div>
      <p role="status" class="muted">
        {status.value}
      </p>
    </form>
  );
}
