import { describe, expect, it } from 'vitest';
import { abs, cmp, dec, ONE, sub, sum, toDecimalString, type Decimal } from '../money/decimal';
import { allocate, holdingName, type Allocation, type AllocationItem } from './allocation';

function item(symbol: string, accountId: string, value: string | null, extra: Partial<AllocationItem> = {}): AllocationItem {
  return {
    symbol,
    accountId,
    accountName: accountId === 'a' ? 'TFSA' : 'RRSP',
    currency: 'CAD',
    marketValueBase: value === null ? null : dec(value),
    ...extra,
  };
}

const items: AllocationItem[] = [
  item('XEQ', 'a', '450', { assetClass: 'equity', country: 'CA' }),
  item('XEQ', 'b', '250', { assetClass: 'equity', country: 'CA' }),
  item('VFV', 'a', '150', { assetClass: 'equity', sector: 'Diversified', country: 'US' }),
  item('ZAG', 'b', '100', { assetClass: 'fixed_income', sector: '  ', country: 'CA' }),
  item('CASH:USD', 'a', '30', { currency: 'USD', assetClass: 'cash' }),
  item('CASH:CAD', 'b', '20'),
  item('NOPRICE', 'a', null, { assetClass: 'equity' }),
  item('NOPRICE', 'b', null),
];

const rows = (a: Allocation) => a.buckets.map((b) => [b.key, b.label, toDecimalString(b.value), toDecimalString(b.weight)]);

describe('allocate', () => {
  it('groups by holding across accounts, sorted by value, ties by key', () => {
    const result = allocate(items, 'holding');
    expect(rows(result)).toEqual([
      ['XEQ', 'XEQ', '700', '0.7'],
      ['VFV', 'VFV', '150', '0.15'],
      ['ZAG', 'ZAG', '100', '0.1'],
      ['CASH:USD', 'Cash (USD)', '30', '0.03'],
      ['CASH:CAD', 'Cash (CAD)', '20', '0.02'],
    ]);
    expect(toDecimalString(result.total)).toBe('1000');
  });

  it('lists items without a value separately instead of counting them as zero', () => {
    const result = allocate(items, 'assetClass');
    expect(result.missing).toEqual(['NOPRICE']);
    expect(rows(result)).toEqual([
      ['equity', 'equity', '850', '0.85'],
      ['fixed_income', 'fixed_income', '100', '0.1'],
      ['cash', 'Cash', '50', '0.05'],
    ]);
  });

  it('puts missing or blank metadata under Unclassified, and cash under Cash', () => {
    expect(rows(allocate(items, 'sector'))).toEqual([
      ['unknown', 'Unclassified', '800', '0.8'],
      ['Diversified', 'Diversified', '150', '0.15'],
      ['cash', 'Cash', '50', '0.05'],
    ]);
    expect(rows(allocate(items, 'country'))).toEqual([
      ['CA', 'CA', '800', '0.8'],
      ['US', 'US', '150', '0.15'],
      ['cash', 'Cash', '50', '0.05'],
    ]);
  });

  it('groups by currency and by account with the account name as label', () => {
    expect(rows(allocate(items, 'currency'))).toEqual([
      ['CAD', 'CAD', '970', '0.97'],
      ['USD', 'USD', '30', '0.03'],
    ]);
    expect(rows(allocate(items, 'account'))).toEqual([
      ['a', 'TFSA', '630', '0.63'],
      ['b', 'RRSP', '370', '0.37'],
    ]);
  });

  it('makes weights sum to exactly 1 when divisions do not terminate', () => {
    const thirds = allocate([item('A', 'a', '1'), item('B', 'a', '1'), item('C', 'a', '1')], 'holding');
    expect(thirds.buckets.map((b) => toDecimalString(b.weight))).toEqual([
      '0.333333333333333334',
      '0.333333333333333333',
      '0.333333333333333333',
    ]);
    const sevenths = allocate(
      ['1', '2', '3', '4', '5', '6', '7.77'].map((v, i) => item(`S${i}`, 'a', v)),
      'holding',
    );
    const total: Decimal = sum(sevenths.buckets.map((b) => b.weight));
    expect(total).toBe(ONE);
    expect(cmp(abs(sub(total, ONE)), dec('0.000000000000001'))).toBeLessThan(1);
  });

  it('returns empty buckets when nothing is valued', () => {
    const result = allocate([item('X', 'a', null)], 'holding');
    expect(result.buckets).toEqual([]);
    expect(result.missing).toEqual(['X']);
    expect(toDecimalString(result.total)).toBe('0');
  });
});

describe('holdingName', () => {
  it('names cash by its currency, as its allocation bucket is labelled, and any other holding by its symbol', () => {
    expect(['CASH:EUR', 'SAP.DE', 'CASHX'].map(holdingName)).toEqual(['Cash (EUR)', 'SAP.DE', 'CASHX']);
  });
});
