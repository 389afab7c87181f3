import type { AlertView } from '../../background/alerts/alert-model';
import { describeCondition, formatAlertPrice } from '../../background/alerts/alert-text';
import { formatTimestamp } from '../../../pwa/src/ui/format';

/** One alert in the list: what it watches, whether it has fired, the last quote it saw; delete. */
export function AlertItem({ alert, locale, onDelete }: { alert: AlertView; locale: string | undefined; onDelete: (alert: AlertView) => void }) {
  const condition = describeCondition(alert.condition, alert.quote?.currency, locale);
  return (
    <li class="alert-item" data-alert={alert.id} data-status={alert.status}>
      <div>
        <strong>{alert.symbol}</strong> {condition}
        <span class="alert-meta">
          {alert.status === 'fired' ? 'Fired' : 'Waiting'}
          {alert.lastFiredAt && alert.status === 'fired' ? ` ${formatTimestamp(alert.lastFiredAt, new Date(), locale)}` : ''}
          {' · '}
          {alert.quote ? (
            <>
              last quote {formatAlertPrice(alert.quote.price, alert.quote.currency, locale)} <span class="alert-day">({alert.quote.day})</span>
            </>
          ) : (
            'no quote yet'
          )}
        </span>
      </div>
      <button type="button" class="alert-delete" aria-label={`Delete alert: ${alert.symbol} ${condition}`} onClick={() => onDelete(alert)}>
        Delete
      </button>
    </li>
  );
}
