import { useState } from 'preact/hooks';
import type { ComponentType } from 'preact';
import type { CoreClient } from '../../../core/src/worker/connect-core';

type BuyFormComponent = ComponentType<{ core: CoreClient; idPrefix?: string }>;

/**
 * The shared buy form, loaded the first time the section is opened: most opens of the popup
 * only glance at the numbers, so the form's code stays out of the first paint.
 */
export function QuickAdd({ core }: { core: CoreClient }) {
  const [Form, setForm] = useState<BuyFormComponent | null>(null);
  const [failed, setFailed] = useState('');
  const load = () => {
    if (Form) return;
    import('../../../pwa/src/ui/buy-form').then(
      (m) => setForm(() => m.BuyForm),
      (e: unknown) => setFailed(`The form could not be loaded: ${e instanceof Error ? e.message : String(e)}`),
    );
  };
  return (
    <details class="popup-quick-add" onToggle={(e) => (e.currentTarget as HTMLDetailsElement).open && load()}>
      <summary>Quick add a buy</summary>
      {Form ? <Form core={core} idPrefix="popup-buy" /> : failed ? <p class="field-error" role="alert">{failed}</p> : <p class="muted">Loading the form…</p>}
    </details>
  );
}
