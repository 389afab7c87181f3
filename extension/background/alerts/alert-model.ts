/**
 * Price alerts as the user sets them and as the popup lists them. Types only: the popup's alert
 * section and the messaging map import them without pulling in the background's code.
 * Levels and percentages are decimal strings, compared exactly with the quote's price.
 */

/** Above/below a price level (in the quote's currency), or a move of at least `percent` % either way since the previous close. */
export type AlertCondition = { kind: 'above'; level: string } | { kind: 'below'; level: string } | { kind: 'dayMove'; percent: string };

export interface PriceAlert {
  id: string;
  /** Upper-case, as the engine stores symbols (XEQT.TO, AAPL). */
  symbol: string;
  condition: AlertCondition;
  createdAt: string;
}

/**
 * What the background remembers between quote refreshes, per alert: whether it may fire (armed),
 * and for day-move alerts the trading day it last fired on (it re-arms on the next one).
 */
export interface AlertState {
  armed: boolean;
  lastFiredAt?: string;
  /** Day-move alerts: the quote's trading day (YYYY-MM-DD) it fired on. */
  firedOnDay?: string;
}

/** The latest quote an alert was checked against. */
export interface AlertQuote {
  price: string;
  currency?: string;
  /** Percent change since the previous close (1.5 = +1.5 %), when the source gave it. */
  changePercent?: number;
  /** The previous close, for an exact day-move check. */
  previousClose?: string;
  /** ISO time of the price at the source. */
  time?: string;
  /** The trading day the price belongs to (YYYY-MM-DD). */
  day: string;
}

/** One alert as the popup shows it: what was set, whether it can fire, the last quote seen. */
export interface AlertView extends PriceAlert {
  /** `armed`: waiting for the condition; `fired`: fired, waits for the price to cross back (or the next day). */
  status: 'armed' | 'fired';
  lastFiredAt?: string;
  /** Absent until a quote for the symbol has been stored (the symbol must be held to be quoted). */
  quote?: AlertQuote;
}

/** What the add form sends; the background validates and normalizes it. */
export interface NewAlertInput {
  symbol: string;
  condition: AlertCondition;
}
