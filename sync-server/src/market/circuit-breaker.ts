/**
 * Stops calling upstream after it refused us (429 rate limit, cookie/crumb failure) or failed
 * repeatedly, so a struggling source is not hammered by every client's retry.
 *
 * - closed: calls go through. A rate-limit or auth failure opens the circuit at once; other
 *   upstream failures open it after `failureThreshold` in a row.
 * - open: no calls until `retryAt` — Retry-After when the source sent one, else an exponential
 *   backoff (`baseMs` doubling per consecutive opening, capped at `maxMs`).
 * - half-open (after retryAt): exactly one trial call; success closes, failure re-opens longer.
 */
import { providerFailureReason, type ProviderError, type ProviderErrorCode } from './provider';

export interface BreakerSettings {
  baseMs: number;
  maxMs: number;
  failureThreshold: number;
}

export const DEFAULT_BREAKER: BreakerSettings = { baseMs: 5_000, maxMs: 5 * 60_000, failureThreshold: 3 };

/** Failure codes that mean "stop asking for a while" even once. */
const REFUSALS: ReadonlySet<ProviderErrorCode> = new Set(['rate_limited', 'auth_failed']);

export interface BreakerStatus {
  state: 'closed' | 'open' | 'half-open';
  /** When the current run of failures began (ms), while not closed. */
  since?: number;
  retryAt?: number;
  reason?: string;
}

export class CircuitBreaker {
  private failures = 0;
  private openings = 0;
  private openedAt: number | undefined;
  private retryAt = 0;
  private reason: string | undefined;
  private trialInFlight = false;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly settings: BreakerSettings = DEFAULT_BREAKER,
  ) {}

  /** Whether a call may go upstream now; in half-open state only the first caller gets true. */
  tryAcquire(): boolean {
    if (this.openedAt === undefined) return true;
    if (this.now() < this.retryAt || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  success(): void {
    this.failures = 0;
    this.openings = 0;
    this.openedAt = undefined;
    this.reason = undefined;
    this.trialInFlight = false;
  }

  /**
   * Ends a call that says nothing about the source's health (a reply we could not read, a bug on
   * our side): a half-open trial is released so the next caller may try, the state is unchanged.
   */
  release(): void {
    this.trialInFlight = false;
  }

  /** Records a failed upstream call. Errors the caller caused (not_found, invalid input) must not be reported. */
  failure(error: ProviderError): void {
    this.trialInFlight = false;
    this.failures++;
    const refused = REFUSALS.has(error.code);
    if (this.openedAt === undefined && !refused && this.failures < this.settings.failureThreshold) return;
    const now = this.now();
    const backoff = Math.min(this.settings.maxMs, this.settings.baseMs * 2 ** this.openings);
    const fromHeader = error.retryAfterSeconds === undefined ? 0 : Math.min(this.settings.maxMs, error.retryAfterSeconds * 1000);
    this.openings++;
    this.openedAt ??= now;
    this.retryAt = now + Math.max(backoff, fromHeader);
    this.reason = providerFailureReason(error);
  }

  status(): BreakerStatus {
    if (this.openedAt === undefined) return { state: 'closed' };
    return {
      state: this.now() < this.retryAt ? 'open' : 'half-open',
      since: this.openedAt,
      retryAt: this.retryAt,
      ...(this.reason ? { reason: this.reason } : {}),
    };
  }
}
