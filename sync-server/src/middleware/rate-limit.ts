import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import { HttpError } from '../http-error';

/**
 * A token bucket per key: `capacity` requests at once, refilled at `perSecond`. In memory:
 * one server process serves one deployment.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one token; returns the seconds to wait when there is none. */
  take(key: string): number {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    if (this.buckets.size > 100_000) this.buckets.clear(); // bound memory under a flood of keys
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / this.perSecond);
  }
}

/** The client's address as the socket saw it (a proxy in front must be configured to pass it). */
export function clientIp(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}

export function rateLimit(limiter: RateLimiter, keyOf: (c: Context<AppEnv>) => string, what: string) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const wait = limiter.take(keyOf(c));
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      throw new HttpError(429, 'rate_limited', `Too many ${what} requests; try again in ${wait} s`);
    }
    await next();
  });
}
