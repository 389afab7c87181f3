/**
 * When a price alert fires: once per crossing. An above/below alert fires when the price reaches
 * its level and then waits until the price is back on the other side before it can fire again
 * (so a price hovering above the level does not fire on every refresh). A day-move alert fires
 * at most once per trading day of the quote, and re-arms on the next one. Prices are compared
 * exactly (decimals); a symbol without a quote never fires.
 */
import { abs, cmp, dec, mul, sub } from '../../../core/src/money/decimal';
import type { AlertCondition, AlertQuote, AlertState, PriceAlert } from './alert-model';

/** A new alert can fire on the first quote that meets it (also one already past its level). */
export const ARMED: AlertState = { armed: true };

/** How far the price moved since the previous close, in percent; exact when the previous close is known. */
export function dayMoveMet(percent: string, quote: AlertQuote): boolean {
  if (quote.previousClose !== undefined && cmp(dec(quote.previousClose), dec('0')) > 0) {
    // |price − close| × 100 ≥ percent × close, without dividing.
    return cmp(mul(abs(sub(dec(quote.price), dec(quote.previousClose))), dec('100')), mul(dec(percent), dec(quote.previousClose))) >= 0;
  }
  // The source's own percentage (a float) when it sent no previous close.
  return quote.changePercent !== undefined && Math.abs(quote.changePercent) >= Number(percent);
}

/** Whether the quote meets the condition now. */
export function conditionMet(condition: AlertCondition, quote: AlertQuote): boolean {
  switch (condition.kind) {
    case 'above':
      return cmp(dec(quote.price), dec(condition.level)) >= 0;
    case 'below':
      return cmp(dec(quote.price), dec(condition.level)) <= 0;
    case 'dayMove':
      return dayMoveMet(condition.percent, quote);
  }
}

/** The alert's next state after seeing `quote`, and whether it fires now. */
export function evaluateAlert(alert: PriceAlert, state: AlertState = ARMED, quote: AlertQuote | undefined, now: Date): { state: AlertState; fired: boolean } {
  if (!quote) return { state, fired: false };
  const met = conditionMet(alert.condition, quote);
  if (alert.condition.kind === 'dayMove') {
    const firedToday = state.firedOnDay === quote.day;
    if (met && !firedToday) return { state: { armed: false, lastFiredAt: now.toISOString(), firedOnDay: quote.day }, fired: true };
    // Armed again once the quote is of another trading day than the one it fired on.
    return { state: { ...state, armed: !firedToday }, fired: false };
  }
  if (met && state.armed) return { state: { armed: false, lastFiredAt: now.toISOString() }, fired: true };
  if (!met && !state.armed) return { state: { ...state, armed: true }, fired: false };
  return { state, fired: false };
}
