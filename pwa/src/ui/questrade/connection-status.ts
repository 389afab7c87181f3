import type { QuestradeConnection } from '../../../../core/src/api/handlers/questrade';
import { formatTimestamp } from '../format';

/** What the status line says and what the user can do about it. */
export interface ConnectionStatus {
  tone: 'ok' | 'busy' | 'warning' | 'problem';
  headline: string;
  /** What to do next, when something is wrong. */
  action?: string;
  /** The problem should offer "Connect again". */
  reconnect: boolean;
}

/**
 * The connection's state in words: when it last synced, whether it is running, and for a
 * problem, what the server said and what to do (reconnect, or wait until the limit resets).
 */
export function describeConnection(connection: QuestradeConnection, now: Date, locale?: string): ConnectionStatus {
  const at = (iso: string) => formatTimestamp(iso, now, locale);
  const last = connection.lastSyncAt ? `Last synced ${at(connection.lastSyncAt)}` : 'Not synced yet';
  const message = connection.problem?.message;
  switch (connection.state) {
    case 'ok':
      return { tone: 'ok', headline: `Up to date. ${last}.`, reconnect: false };
    case 'syncing':
      return { tone: 'busy', headline: `Importing from Questrade… ${last}.`, reconnect: false };
    case 'needs_reconnect':
      return {
        tone: 'problem',
        headline: `Questrade no longer accepts this connection${message ? `: ${message}` : ''}. ${last}.`,
        action: 'Connect again with a new refresh token from Questrade’s API hub (or “Connect with Questrade”), then disconnect this one.',
        reconnect: true,
      };
    case 'rate_limited':
      return {
        tone: 'warning',
        headline: `Paused: Questrade’s request limit was reached. ${last}.`,
        action: connection.nextSyncAt ? `Nothing to do: the import continues by itself after ${at(connection.nextSyncAt)}.` : 'Nothing to do: the import continues by itself when the limit resets.',
        reconnect: false,
      };
    case 'error':
      return {
        tone: 'problem',
        headline: `The last import failed${message ? `: ${message}` : ''}. ${last}.`,
        action: connection.nextSyncAt ? `It retries by itself after ${at(connection.nextSyncAt)}, or use Sync now.` : 'Use Sync now to try again.',
        reconnect: false,
      };
  }
}

/** Messages for the `?error=` code the server's OAuth callback redirects with. */
export function oauthErrorMessage(code: string): string {
  switch (code) {
    case 'access_denied':
      return 'Questrade did not authorize Folio (the request was declined on Questrade’s page). Nothing was connected.';
    case 'invalid_state':
    case 'used_state':
    case 'expired_state':
      return 'That authorization link expired or was already used. Start again with “Connect with Questrade”.';
    case 'missing_code':
    case 'token_exchange_failed':
      return 'Questrade’s answer could not be turned into a connection. Start again; if it keeps failing, paste a personal refresh token instead.';
    case 'oauth_not_configured':
      return 'This sync server is not set up for “Connect with Questrade”. Paste a personal refresh token instead.';
    default:
      return `The connection with Questrade failed (${code}). Start again, or paste a personal refresh token instead.`;
  }
}
