import { describe, expect, it } from 'vitest';
import { fxSourceText, fxUnavailableText } from './fx-hint';

describe('the FX rate field hint', () => {
  it('says where a prefilled rate came from, and that a missing one is left for the broker’s rate', () => {
    expect(fxSourceText({ found: true, from: 'USD', to: 'CAD', date: '2026-11-20', rate: '1.3961', pair: 'USDCAD', inverted: false, source: 'yahoo', demo: false })).toBe('USDCAD 1.3961 on 2026-11-20, from market data.');
    expect(fxSourceText({ found: false, from: 'USD', to: 'CAD', date: '2026-11-20', reason: 'no rate on or before that day' })).toBe('No USD→CAD rate for 2026-11-20 in market data: enter the broker’s rate.');
  });

  it('keeps an unreachable market short: no server address or retry timestamp in the sentence', () => {
    const text = fxUnavailableText('USD', 'CAD', '2026-11-24');
    expect(text).toBe('Market data is unavailable right now, so no USD→CAD rate for 2026-11-24 is filled in: enter the broker’s rate.');
    expect(text).not.toMatch(/https?:|HTTP \d/);
  });
});
