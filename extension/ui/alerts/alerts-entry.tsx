import { useState } from 'preact/hooks';
import type { ComponentType } from 'preact';
import './alerts-entry.css';

type SectionComponent = ComponentType<{ locale: string | undefined }>;

/**
 * The popup's "Price alerts" section, closed by default: its code (list, form, messaging) is
 * loaded the first time it is opened, so the popup's first paint does not wait for it.
 */
export function PriceAlertsEntry({ locale }: { locale: string | undefined }) {
  const [Section, setSection] = useState<SectionComponent | null>(null);
  const [failed, setFailed] = useState('');
  const load = () => {
    if (Section) return;
    import('./alerts-section').then(
      (m) => setSection(() => m.AlertsSection),
      (e: unknown) => setFailed(`Price alerts could not be loaded: ${e instanceof Error ? e.message : String(e)}`),
    );
  };
  return (
    <details class="popup-alerts" onToggle={(e) => (e.currentTarget as HTMLDetailsElement).open && load()}>
      <summary>Price alerts</summary>
      {Section ? <Section locale={locale} /> : failed ? <p class="field-error" role="alert">{failed}</p> : <p class="muted">Loading alerts…</p>}
    </details>
  );
}
