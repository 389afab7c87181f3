/** Server configuration of Questrade connections (QUESTRADE_* in config.ts). */
export interface QuestradeSettings {
  /** Registered app (authorization-code flow); both or neither. */
  clientId?: string;
  redirectUri?: string;
  /** Login server base (default https://login.questrade.com). */
  loginUrl: string;
  /** Minutes between scheduled syncs (0 = no schedule, on demand only). */
  syncMinutes: number;
  /**
   * First day of a first import (YYYY-MM-DD). Questrade's API does not say when an account
   * was opened, so the first import walks every 31-day window from this day to today.
   */
  historyStart: string;
}

export const DEFAULT_QUESTRADE: QuestradeSettings = { loginUrl: 'https://login.questrade.com', syncMinutes: 60, historyStart: '2000-01-01' };
