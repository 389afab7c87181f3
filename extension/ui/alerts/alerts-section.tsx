import { useEffect, useState } from 'preact/hooks';
import type { AlertView } from '../../background/alerts/alert-model';
import { describeCondition } from '../../background/alerts/alert-text';
import { send } from '../../messaging/send';
import { AlertForm } from './alert-form';
import { AlertItem } from './alert-item';
import './alerts.css';

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Price alerts in the popup: the list (each alert's state and the last quote it saw), the form
 * to add one, delete, and "Check now" (the refresh the alarm runs). Everything goes through the
 * background, which stores the alerts and checks them after every quote refresh.
 */
export function AlertsSection({ locale }: { locale: string | undefined }) {
  const [alerts, setAlerts] = useState<AlertView[] | null>(null);
  const [listError, setListError] = useState('');
  const [status, setStatus] = useState('');
  const [checking, setChecking] = useState(false);

  const reload = () =>
    send({ type: 'alerts.list' }).then(
      (r) => {
        setAlerts(r.alerts);
        setListError('');
      },
      (e: unknown) => setListError(`Alerts could not be loaded: ${messageOf(e)}`),
    );
  useEffect(() => void reload(), []);

  const onAdded = async (added: AlertView) => {
    setStatus(`Alert added: ${added.symbol} ${describeCondition(added.condition, added.quote?.currency, locale)}.`);
    await reload();
  };

  const onDelete = async (alert: AlertView) => {
    try {
      await send({ type: 'alerts.delete', id: alert.id });
      setStatus(`Alert deleted: ${alert.symbol}.`);
    } catch (error) {
      setStatus(`Could not delete the alert: ${messageOf(error)}`);
    }
    await reload();
  };

  const onCheck = async () => {
    setChecking(true);
    try {
      const outcome = await send({ type: 'background.refresh' });
      const fired = outcome.fired.length;
      setStatus(`${outcome.quoteError ? `Quotes not refreshed: ${outcome.quoteError}. ` : 'Quotes refreshed. '}${fired ? `${fired} alert${fired > 1 ? 's' : ''} fired.` : 'No alert fired.'}`);
    } catch (error) {
      setStatus(`Could not check alerts: ${messageOf(error)}`);
    } finally {
      setChecking(false);
    }
    await reload();
  };

  return (
    <section class="alerts" aria-label="Price alerts">
      <p class="muted alerts-note">Checked at every quote refresh (each minute while markets are open) against your holdings' quotes. An alert fires once, and again only after the price crosses back; a day-move alert once per trading day.</p>
      {listError && (
        <p class="field-error" role="alert">
          {listError}
        </p>
      )}
      {alerts && alerts.length === 0 && <p class="muted">No alerts yet.</p>}
      {alerts && alerts.length > 0 && (
        <ul class="alert-list" aria-label="Your price alerts">
          {alerts.map((a) => (
            <AlertItem key={a.id} alert={a} locale={locale} onDelete={(x) => void onDelete(x)} />
          ))}
        </ul>
      )}
      <AlertForm disabled={checking} onAdded={onAdded} />
      <div class="alert-actions">
        <button type="button" class="alert-check" disabled={checking} onClick={() => void onCheck()}>
          Check now
        </button>
      </div>
      <p role="status" class="alert-status">
        {status}
      </p>
    </section>
  );
}
