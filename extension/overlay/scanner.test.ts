import { describe, expect, it } from 'vitest';
import type { Found, SiteAdapter } from './adapters/adapter';
import { scanSliced } from './scanner';

/** An adapter whose every step costs `stepMs` on a fake clock. */
function slowAdapter(steps: number, stepMs: number, clock: { t: number }): SiteAdapter {
  return {
    id: 'slow',
    matches: () => true,
    *scan() {
      for (let i = 0; i < steps; i++) {
        clock.t += stepMs;
        yield i % 10 === 0 ? ({ symbol: `S${i}`, anchor: {} as Element, kind: 'mention' } satisfies Found) : null;
      }
    },
  };
}

describe('time-sliced scan', () => {
  it('pauses whenever a slice has used its budget, and still finds everything', async () => {
    const clock = { t: 0 };
    let pauses = 0;
    const result = await scanSliced([slowAdapter(100, 0.5, clock)], {} as Document, new URL('https://x.example/'), {
      budgetMs: 4,
      now: () => clock.t,
      pause: async () => void pauses++,
    });
    expect(result.found.map((f) => f.symbol)).toEqual(['S0', 'S10', 'S20', 'S30', 'S40', 'S50', 'S60', 'S70', 'S80', 'S90']);
    // 100 steps × 0.5 ms = 50 ms of work, cut into slices of at most 4 ms (+ less than one step).
    expect(pauses).toBeGreaterThanOrEqual(12);
    expect(Math.max(...result.slices)).toBeLessThanOrEqual(4.5);
    expect(result.slices.reduce((a, b) => a + b, 0)).toBeCloseTo(50, 6);
  });

  it('runs a small page in one slice', async () => {
    const clock = { t: 0 };
    let pauses = 0;
    const result = await scanSliced([slowAdapter(5, 0.1, clock)], {} as Document, new URL('https://x.example/'), { now: () => clock.t, pause: async () => void pauses++ });
    expect(pauses).toBe(0);
    expect(result.slices).toHaveLength(1);
  });
});
