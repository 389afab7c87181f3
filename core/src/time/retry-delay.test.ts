import { describe, expect, it } from 'vitest';
import { retryDelay } from './retry-delay';

describe('retryDelay', () => {
  it('doubles up to the ceiling, half fixed and half random', () => {
    const low = () => 0;
    const high = () => 0.999999;
    expect([0, 1, 2, 3].map((n) => retryDelay(n, 1000, { random: low }))).toEqual([500, 1000, 2000, 4000]);
    expect([0, 1, 2, 3].map((n) => retryDelay(n, 1000, { random: high }))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelay(20, 1000, { random: low })).toBe(30_000);
    expect(retryDelay(20, 1000, { random: high })).toBe(60_000);
    expect(retryDelay(3, 1000, { maxMs: 5000, random: high })).toBe(5000);
    expect(retryDelay(1e6, 1000, { random: high })).toBe(60_000);
  });

  it('spreads clients that failed in the same instant over the random half', () => {
    const delays = Array.from({ length: 200 }, () => retryDelay(0, 2000));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(1000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(2000);
    expect(new Set(delays).size).toBeGreaterThan(100);
  });
});
