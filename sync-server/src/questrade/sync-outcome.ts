import type { ConnectionState } from './connection-store';
import { ReconnectNeeded } from './questrade-auth';
import { QuestradeError } from './questrade-client';

const NETWORK_RETRY_MS = 5 * 60_000;
const ERROR_RETRY_MS = 15 * 60_000;

export interface FailedSync {
  state: Exclude<ConnectionState, 'syncing' | 'ok'>;
  problem: { code: string; message: string };
  /** When to try again (epoch ms); null = not until the user acts (reconnect). */
  nextSyncAt: number | null;
}

/**
 * What a failed sync means for the user and the schedule: a refused authorization waits for
 * a reconnect; a rate limit waits until Questrade's reset time; a network failure retries in
 * 5 minutes; anything else in 15.
 */
export function failedSync(error: unknown, now: number): FailedSync {
  if (error instanceof ReconnectNeeded) return { state: 'needs_reconnect', problem: { code: error.code, message: error.message }, nextSyncAt: null };
  if (error instanceof QuestradeError) {
    if (error.kind === 'rate_limited') {
      const at = Math.max(now + 1000, error.resetAt ?? now + 60_000);
      return { state: 'rate_limited', problem: { code: 'rate_limited', message: `Questrade's request limit was reached; the import continues after ${new Date(at).toISOString()}` }, nextSyncAt: at };
    }
    if (error.kind === 'network') return { state: 'error', problem: { code: 'network', message: 'Questrade could not be reached; will retry' }, nextSyncAt: now + NETWORK_RETRY_MS };
    return { state: 'error', problem: { code: 'questrade_error', message: `${error.message}; will retry` }, nextSyncAt: now + ERROR_RETRY_MS };
  }
  return { state: 'error', problem: { code: 'internal', message: 'The import failed unexpectedly; will retry' }, nextSyncAt: now + ERROR_RETRY_MS };
}

/** The next scheduled sync after a good one: the interval ± 10 %, so many connections spread out; null when off. */
export function nextScheduledSync(now: number, minutes: number, random: () => number = Math.random): number | null {
  if (minutes <= 0) return null;
  return Math.round(now + minutes * 60_000 * (0.9 + random() * 0.2));
}

/** An error for the log: account numbers (any run of 5+ digits) masked, since messages may quote row ids. */
export function logSafe(error: unknown): string {
  return (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).replace(/\d{5,}/g, '[digits]').slice(0, 500);
}
