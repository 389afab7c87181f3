/** What a fired alert's notification says: the symbol, the price that met it, and the alert itself. */
import { dec } from '../../../core/src/money/decimal';
import { formatMoney } from '../../../pwa/src/ui/format';
import type { AlertCondition, AlertQuote, PriceAlert } from './alert-model';

/** A price in its currency when known, else as a plain number (a level set before any quote arrived). */
export const formatAlertPrice = (value: string, currency: string | undefined, locale: string | undefined): string =>
  currency ? formatMoney(dec(value), currency, locale) : new Intl.NumberFormat(locale, { maximumFractionDigits: 8 }).format(value as unknown as number);

/** The condition in words ("above 200.00 US$", "a day move of 2 % either way"). */
export function describeCondition(condition: AlertCondition, currency: string | undefined, locale: string | undefined): string {
  switch (condition.kind) {
    case 'above':
      return `above ${formatAlertPrice(condition.level, currency, locale)}`;
    case 'below':
      return `below ${formatAlertPrice(condition.level, currency, locale)}`;
    case 'dayMove':
      return `a day move of ${condition.percent} % either way`;
  }
}

function moveText(quote: AlertQuote, locale: string | undefined): string {
  const percent = quote.previousClose !== undefined && Number(quote.previousClose) > 0 ? ((Number(quote.price) - Number(quote.previousClose)) / Number(quote.previousClose)) * 100 : quote.changePercent;
  if (percent === undefined) return '';
  return ` (${new Intl.NumberFormat(locale, { signDisplay: 'exceptZero', maximumFractionDigits: 2 }).format(percent)} % today)`;
}

/** Title and body of the notification for `alert`, fired by `quote`. */
export function alertNotification(alert: PriceAlert, quote: AlertQuote, locale: string | undefined): { title: string; message: string } {
  const at = formatAlertPrice(quote.price, quote.currency, locale);
  if (alert.condition.kind === 'dayMove') {
    return { title: `${alert.symbol} moved${moveText(quote, locale)}`, message: `${alert.symbol} is at ${at}${moveText(quote, locale)}. Your alert: ${describeCondition(alert.condition, quote.currency, locale)}.` };
  }
  const side = alert.condition.kind === 'above' ? 'at or above' : 'at or below';
  return { title: `${alert.symbol} is ${side} ${formatAlertPrice(alert.condition.level, quote.currency, locale)}`, message: `${alert.symbol} is at ${at}. Your alert: ${describeCondition(alert.condition, quote.currency, locale)}.` };
}

/** Why an alert on a symbol the user does not hold cannot fire (the quote refresh covers holdings only). */
