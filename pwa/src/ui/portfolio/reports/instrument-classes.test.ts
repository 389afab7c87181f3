import { describe, expect, it } from 'vitest';
import type { InstrumentRow } from '../../../../../core/src/db/rows';
import { draftIssues, draftOf, heldInstruments, instrumentPatch } from './instrument-classes';

const row = (id: string, extra: Partial<InstrumentRow> = {}): InstrumentRow => ({ id, updatedAt: '2025-02-01T00:00:00.000Z', ...extra });

describe('classify holdings', () => {
  it('lists each held symbol once, unclassified first, naming what is missing', () => {
    const list = heldInstruments(['QQQ', 'AAPL', 'XEQT.TO', 'AAPL'], [row('AAPL', { assetClass: 'Equity', sector: 'Information Technology', country: 'United States' }), row('QQQ', { sector: ' ' , country: 'US' })]);
    expect(list.map((h) => [h.symbol, h.missing])).toEqual([
      ['QQQ', ['assetClass', 'sector']],
      ['XEQT.TO', ['assetClass', 'sector', 'country']],
      ['AAPL', []],
    ]);
  });

  it('keeps the name, exchange and currency and sets the drafted fields, trimmed', () => {
    const stored = row('AAPL', { name: 'Apple Inc.', exchange: 'NMS', currency: 'USD', sector: 'Tech' });
    expect(instrumentPatch('AAPL', stored, { assetClass: 'Equity', sector: ' Information Technology ', country: 'Canada' })).toEqual({
      id: 'AAPL',
      name: 'Apple Inc.',
      exchange: 'NMS',
      currency: 'USD',
      assetClass: 'Equity',
      sector: 'Information Technology',
      country: 'Canada',
    });
  });

  it('clears a field left empty and works for a symbol with no stored row', () => {
    const stored = row('QQQ', { currency: 'USD', sector: 'Tech', country: 'US' });
    expect(instrumentPatch('QQQ', stored, { ...draftOf(stored), sector: '  ' })).toEqual({ id: 'QQQ', currency: 'USD', country: 'US' });
    expect(instrumentPatch('ZZZ', undefined, { assetClass: 'ETF', sector: '', country: '' })).toEqual({ id: 'ZZZ', assetClass: 'ETF' });
  });

  it('refuses values longer than the core stores, naming the field and the limit', () => {
    expect(draftIssues({ assetClass: 'ETF', sector: 'x'.repeat(80), country: ` ${'y'.repeat(80)} ` })).toEqual([]);
    expect(draftIssues({ assetClass: 'a'.repeat(41), sector: 'x'.repeat(81), country: 'Canada' })).toEqual([
      { field: 'assetClass', message: 'Asset class is at most 40 characters (this one has 41).' },
      { field: 'sector', message: 'Sector is at most 80 characters (this one has 81).' },
    ]);
  });
});
