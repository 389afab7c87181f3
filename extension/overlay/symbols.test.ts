import { describe, expect, it } from 'vitest';
import { normalizeSymbol, toEngineSymbol } from './symbols';

describe('symbol notation → engine (Yahoo-style) symbols', () => {
  it.each([
    ['XEQT:TSE', 'XEQT.TO'],
    ['TSX:XEQT', 'XEQT.TO'],
    ['TSE:XEQT', 'XEQT.TO'],
    ['xeqt.to', 'XEQT.TO'],
    ['AAPL', 'AAPL'],
    ['AAPL:NASDAQ', 'AAPL'],
    ['NYSE:BRK.B', 'BRK-B'],
    ['BRK.B', 'BRK-B'],
    ['HISU.U.TO', 'HISU-U.TO'],
    ['HISU-U.TO', 'HISU-U.TO'],
    ['ABC.VN', 'ABC.V'],
    ['ABC:CVE', 'ABC.V'],
    ['CSU:TSE', 'CSU.TO'],
    ['AAPL.NE', 'AAPL.NE'],
  ])('%s → %s', (raw, expected) => expect(normalizeSymbol(raw)).toBe(expected));

  it.each(['', '123', 'XEQT:MOON', 'A:B:C', 'TOOLONGTICKER', '$AAPL'])('refuses %j', (raw) => expect(normalizeSymbol(raw)).toBeNull());

  it('maps an exchange given apart from the ticker (Wealthsimple shows "XEQT · TSX")', () => {
    expect(toEngineSymbol('XEQT', 'TSX')).toBe('XEQT.TO');
    expect(toEngineSymbol('ZZZ', 'NEO')).toBe('ZZZ.NE');
    expect(toEngineSymbol('AAPL', 'NASDAQ')).toBe('AAPL');
    expect(toEngineSymbol('AAPL', 'Moon Exchange')).toBeNull();
  });
});
