import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker';
import { ProviderError } from './provider';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}
const settings = { baseMs: 5_000, maxMs: 60_000, failureThreshold: 3 };

describe('circuit breaker', () => {
  it('opens at once on a 429 for its Retry-After, then lets exactly one trial through', () => {
    const c = clock();
    const breaker = new CircuitBreaker(c.now, settings);
    expect(breaker.tryAcquire()).toBe(true);
    breaker.failure(new ProviderError('rate_limited', '429', { retryAfterSeconds: 30 }));
    expect(breaker.status()).toMatchObject({ state: 'open', since: 1_000_000, retryAt: 1_030_000, reason: 'rate limited by the source' });
    expect(breaker.tryAcquire()).toBe(false);
    c.advance(30_000);
    expect(breaker.status().state).toBe('half-open');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false); // only one trial at a time
    breaker.success();
    expect(breaker.status()).toEqual({ state: 'closed' });
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('opens at once on a crumb failure and backs off exponentially while trials fail', () => {
    const c = clock();
    const breaker = new CircuitBreaker(c.now, settings);
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      expect(breaker.tryAcquire()).toBe(true);
      breaker.failure(new ProviderError('auth_failed', 'crumb'));
      const retryAt = breaker.status().retryAt!;
      waits.push(retryAt - c.now());
      c.advance(retryAt - c.now());
    }
    expect(waits).toEqual([5_000, 10_000, 20_000, 40_000, 60_000, 60_000]);
    expect(breaker.status().since).toBe(1_000_000);
  });

  it('tolerates isolated upstream errors and opens after the threshold in a row', () => {
    const breaker = new CircuitBreaker(clock().now, settings);
    breaker.failure(new ProviderError('upstream', '502'));
    breaker.failure(new ProviderError('upstream', '502'));
    expect(breaker.status().state).toBe('closed');
    breaker.success();
    breaker.failure(new ProviderError('upstream', '502'));
    breaker.failure(new ProviderError('upstream', '502'));
    expect(breaker.tryAcquire()).toBe(true);
    breaker.failure(new ProviderError('upstream', '502'));
    expect(breaker.status()).toMatchObject({ state: 'open', reason: 'the source is failing' });
    expect(breaker.tryAcquire()).toBe(false);
  });

  it('caps a huge Retry-After at the maximum backoff', () => {
    const c = clock();
    const breaker = new CircuitBreaker(c.now, settings);
    breaker.failure(new ProviderError('rate_limited', '429', { retryAfterSeconds: 86_400 }));
    expect(breaker.status().retryAt! - c.now()).toBe(60_000);
  });

  it('releases a half-open trial that ended without a verdict, so the next caller may try', () => {
    const c = clock();
    const breaker = new CircuitBreaker(c.now, settings);
    breaker.failure(new ProviderError('rate_limited', '429', { retryAfterSeconds: 5 }));
    c.advance(5_000);
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    breaker.release();
    expect(breaker.status().state).toBe('half-open');
    expect(breaker.tryAcquire()).toBe(true);
  });
});
