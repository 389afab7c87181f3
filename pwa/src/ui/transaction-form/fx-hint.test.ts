import { describe, expect, it } from 'vitest';
import { CoreError } from '../../../../core/src/errors';
import { fxLookupFailure, fxSourceText } from './fx-hint';

describe('the FX rate field hint', () => {
  it('says where a prefilled rate came from, and that a missing one is left for the broker’s rate', () => {
    expect(fxSourceText({ found: true, from: 'USD', to: 'CAD', date: '2026-11-20', rate: '1.3961', pair: 'USDCAD', inverted: false, source: 'yahoo', demo: false })).toBe('USDCAD 1.3961 on 2026-11-20, from market data.');
    expect(fxSourceText({ found: false, from: 'USD', to: 'CAD', date: '2026-11-20', reason: 'no rate on or before that day' })).toBe('No USD→CAD rate for 2026-11-20 in market data: enter the broker’s rate.');
  });

  it('keeps a failed lookup short and true whatever the cause, with the reason apart', () => {
    const down = fxLookupFailure(new Error('The market data server at http://localhost:8080 could not answer the FX history request (HTTP 503): Market data is unavailable'), 'USD', 'CAD', '2026-11-24');
    expect(down.text).toBe('No market rate could be looked up for USD→CAD on 2026-11-24, so none is filled in: enter the broker’s rate.');
    expect(down.text).not.toMatch(/https?:|HTTP \d/);
    expect(down.reason).toContain('HTTP 503');
    const noServer = fxLookupFailure(new Error('No market data server: sign in to a Folio server in Settings for live prices'), 'USD', 'CAD', '2026-11-24');
    expect(noServer.text).not.toMatch(/right now/);
    expect(noServer.reason).toMatch(/sign in to a Folio server/);
    // A lookup refused for its input (a day that does not exist) points at the input.
    const refused = fxLookupFailure(new CoreError('invalid_input', 'FX rate request refused: date: Date is not a real calendar day'), 'USD', 'CAD', '2025-02-30');
    expect(refused.text).toBe('No USD→CAD rate looked up for 2025-02-30: check the date and currency.');
  });
});
