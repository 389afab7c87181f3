/**
 * The background's price alerts: add, list and delete (validated input arrives from the router),
 * and `check` after every quote refresh, which fires each alert whose condition is met, once per
 * crossing (see alert-evaluation.ts), as a notification.
 */
import { CoreError } from '../../../core/src/errors';
import type { AlertQuote, AlertView, NewAlertInput, PriceAlert } from './alert-model';
import { ARMED, evaluateAlert } from './alert-evaluation';
import { MAX_ALERTS, readAlerts, updateAlerts } from './alert-store';

export interface AlertServiceDeps {
  /** The latest stored quote of a symbol, if any. */
  latestQuote: (symbol: string) => Promise<AlertQuote | undefined>;
  /** Shows a fired alert. */
  notify: (alert: PriceAlert, quote: AlertQuote) => Promise<void>;
  now?: () => Date;
  newId?: () => string;
}

const sameCondition = (a: PriceAlert, b: NewAlertInput) => a.symbol === b.symbol && JSON.stringify(a.condition) === JSON.stringify(b.condition);

export function createAlertService({ latestQuote, notify, now = () => new Date(), newId = () => `a${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}` }: AlertServiceDeps) {
  const view = (alert: PriceAlert, state = ARMED, quote?: AlertQuote): AlertView => ({
    ...alert,
    status: state.armed && !(alert.condition.kind === 'dayMove' && quote && state.firedOnDay === quote.day) ? 'armed' : 'fired',
    ...(state.lastFiredAt ? { lastFiredAt: state.lastFiredAt } : {}),
    ...(quote ? { quote } : {}),
  });

  return {
    async list(): Promise<AlertView[]> {
      const { alerts, states } = await readAlerts();
      return Promise.all(alerts.map(async (alert) => view(alert, states[alert.id], await latestQuote(alert.symbol))));
    },

    /** The symbols alerts follow: each refresh asks for their quotes too, held or not. */
    async symbols(): Promise<string[]> {
      return [...new Set((await readAlerts()).alerts.map((a) => a.symbol))].sort();
    },

    async add(input: NewAlertInput): Promise<AlertView> {
      const alert = await updateAlerts(({ alerts, states }) => {
        if (alerts.some((a) => sameCondition(a, input))) throw new CoreError('conflict', `You already have this alert for ${input.symbol}`, [{ field: 'condition', message: 'Same alert already set' }]);
        if (alerts.length >= MAX_ALERTS) throw new CoreError('conflict', `At most ${MAX_ALERTS} alerts: delete one first`);
        const created: PriceAlert = { id: newId(), symbol: input.symbol, condition: input.condition, createdAt: now().toISOString() };
        return { next: { alerts: [...alerts, created], states: { ...states, [created.id]: ARMED } }, result: created };
      });
      return view(alert, ARMED, await latestQuote(alert.symbol));
    },

    async remove(id: string): Promise<void> {
      await updateAlerts(({ alerts, states }) => {
        if (!alerts.some((a) => a.id === id)) throw new CoreError('not_found', 'That alert no longer exists', [{ field: 'id', message: 'Unknown alert' }]);
        const { [id]: _removed, ...rest } = states;
        return { next: { alerts: alerts.filter((a) => a.id !== id), states: rest }, result: undefined };
      });
    },

    /** Checks every alert against its symbol's latest quote; returns the ids that fired. */
    async check(): Promise<string[]> {
      const { alerts } = await readAlerts();
      const symbols = [...new Set(alerts.map((a) => a.symbol))];
      const quotes = new Map(await Promise.all(symbols.map(async (s) => [s, await latestQuote(s)] as const)));
      const at = now();
      // The state is saved before the notifications show: an alert fires at most once, even if showing fails.
      const fired = await updateAlerts(({ alerts: current, states }) => {
        const next = { ...states };
        const firing: PriceAlert[] = [];
        for (const alert of current) {
          const result = evaluateAlert(alert, states[alert.id], quotes.get(alert.symbol), at);
          next[alert.id] = result.state;
          if (result.fired) firing.push(alert);
        }
        return { next: { alerts: current, states: next }, result: firing };
      });
      await Promise.all(fired.map((alert) => notify(alert, quotes.get(alert.symbol)!).catch((error: unknown) => console.error('Folio: could not show the alert notification', error))));
      return fired.map((a) => a.id);
    },
  };
}

export type AlertService = ReturnType<typeof createAlertService>;
