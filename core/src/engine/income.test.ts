import { describe, expect, it } from 'vitest';
import { dec, toDecimalString, ZERO } from '../money/decimal';
import { incomeByMonth, incomeBySymbol, incomeByYear, trailingYield, yieldOnCost, type IncomeTotals } from './income';
import type { IncomeEvent, IncomeKind } from './types';

let nextId = 0;
function ev(date: string, kind: IncomeKind, amount: string, symbol?: string): IncomeEvent {
  nextId += 1;
  const value = dec(amount);
  return { transactionId: `t${nextId}`, accountId: 'a', date, kind, symbol, currency: 'CAD', amountLocal: value, amountBase: value };
}

/** Totals as strings: [dividends, interest, withholdingTax, fees, net]. */
const t = (row: IncomeTotals | undefined) =>
  row && [row.dividends, row.interest, row.withholdingTax, row.fees, row.net].map(toDecimalString);

const events: IncomeEvent[] = [
  ev('2025-01-15', 'dividend', '10.5', 'XEQ'),
  ev('2025-01-15', 'withholding_tax', '-1.575', 'XEQ'),
  ev('2025-03-31', 'interest', '2.25'),
  ev('2025-03-31', 'fee', '-5'),
  ev('2025-03-10', 'return_of_capital', '3', 'XEQ'),
  ev('2025-04-01', 'drip', '4.2', 'VFV'),
];

describe('incomeByMonth', () => {
  it('splits by kind, nets tax and fees, skips return of capital and fills empty months', () => {
    const rows = incomeByMonth(events);
    expect(rows.map((r) => r.month)).toEqual(['2025-01', '2025-02', '2025-03', '2025-04']);
    expect(t(rows[0])).toEqual(['10.5', '0', '-1.575', '0', '8.925']);
    expect(t(rows[1])).toEqual(['0', '0', '0', '0', '0']);
    expect(t(rows[2])).toEqual(['0', '2.25', '0', '-5', '-2.75']);
    expect(t(rows[3])).toEqual(['4.2', '0', '0', '0', '4.2']);
  });

  it('covers the whole requested range, including empty months at either end and across a year', () => {
    const rows = incomeByMonth(events, '2024-11', '2025-05');
    expect(rows.map((r) => r.month)).toEqual(['2024-11', '2024-12', '2025-01', '2025-02', '2025-03', '2025-04', '2025-05']);
    expect(t(rows[0])).toEqual(['0', '0', '0', '0', '0']);
    expect(t(rows[6])).toEqual(['0', '0', '0', '0', '0']);
  });

  it('filters by exact date when given full dates', () => {
    const rows = incomeByMonth(events, '2025-01-16', '2025-03-31');
    expect(rows.map((r) => r.month)).toEqual(['2025-01', '2025-02', '2025-03']);
    expect(t(rows[0])).toEqual(['0', '0', '0', '0', '0']);
    expect(t(rows[2])).toEqual(['0', '2.25', '0', '-5', '-2.75']);
  });

  it('returns nothing without events or range, and ignores a lone return of capital', () => {
    expect(incomeByMonth([])).toEqual([]);
    expect(incomeByMonth([ev('2025-01-01', 'return_of_capital', '1', 'X')])).toEqual([]);
  });
});

describe('incomeByYear', () => {
  it('totals per year with zero rows for empty years', () => {
    const rows = incomeByYear([...events, ev('2023-06-01', 'dividend', '1', 'XEQ')]);
    expect(rows.map((r) => r.year)).toEqual(['2023', '2024', '2025']);
    expect(t(rows[0])).toEqual(['1', '0', '0', '0', '1']);
    expect(t(rows[1])).toEqual(['0', '0', '0', '0', '0']);
    // 10.5 + 4.2 dividends, 2.25 interest, −1.575 tax, −5 fees → 10.375 net
    expect(t(rows[2])).toEqual(['14.7', '2.25', '-1.575', '-5', '10.375']);
  });
});

describe('income whose exchange rate is missing', () => {
  const gap = { kind: 'missing_fx' as const, from: 'USD', to: 'CAD', date: '2025-02-14' };
  // As the ledger records it: no base amount is known (the placeholder is not an amount).
  const unconverted: IncomeEvent = { ...ev('2025-02-14', 'dividend', '0', 'AAPL'), currency: 'USD', amountLocal: dec('7.5'), fxGap: gap };

  it('is left out of the totals and counted, month, year, symbol and trailing year alike', () => {
    const withGap = [...events, unconverted];
    const months = incomeByMonth(withGap);
    expect([t(months[1]), months[1]!.unknown, months[0]!.unknown]).toEqual([['0', '0', '0', '0', '0'], 1, 0]);
    const [year] = incomeByYear(withGap);
    expect([t(year)![4], year!.unknown]).toEqual(['10.375', 1]);
    expect(incomeBySymbol(withGap, '2025-01-01', '2025-12-31').find((r) => r.symbol === 'AAPL')?.unknown).toBe(1);
    const trailing = trailingYield(withGap, '2025-06-30', dec('100'));
    expect([toDecimalString(trailing.income), trailing.unknown]).toEqual(['16.95', 1]);
  });
});

describe('trailing yield', () => {
  const withRecent = [...events, ev('2026-01-15', 'dividend', '5', 'XEQ'), ev('2026-01-16', 'dividend', '100', 'XEQ')];

  it('uses gross dividends + interest in (asOf − 365, asOf]', () => {
    // 2025-01-15 is exactly 365 days before: excluded; 2026-01-15 is asOf: included; 2026-01-16 is later.
    // 2.25 interest + 4.2 drip + 5 dividend = 11.45; 11.45 / 229 = 0.05
    const result = trailingYield(withRecent, '2026-01-15', dec('229'));
    expect(toDecimalString(result.income)).toBe('11.45');
    expect(result.yield && toDecimalString(result.yield)).toBe('0.05');
  });

  it('includes the dividend one day inside the window, gross of withholding', () => {
    // 10.5 (not 8.925) + 2.25 + 4.2 = 16.95
    expect(toDecimalString(trailingYield(withRecent, '2026-01-14', dec('100')).income)).toBe('16.95');
  });

  it('computes yield on cost and returns null for a zero denominator', () => {
    expect(toDecimalString(yieldOnCost(withRecent, '2026-01-15', dec('458')).yield ?? ZERO)).toBe('0.025');
    const none = trailingYield(withRecent, '2026-01-15', ZERO);
    expect(none.yield).toBeNull();
    expect(toDecimalString(none.income)).toBe('11.45');
  });
});

describe('incomeBySymbol', () => {
  it('totals per symbol in an inclusive range, largest net first, account-level last as null', () => {
    const rows = incomeBySymbol(events, '2025-01-15', '2025-04-01');
    expect(rows.map((r) => r.symbol)).toEqual(['XEQ', 'VFV', null]);
    expect(t(rows[0])).toEqual(['10.5', '0', '-1.575', '0', '8.925']);
    expect(t(rows[1])).toEqual(['4.2', '0', '0', '0', '4.2']);
    expect(t(rows[2])).toEqual(['0', '2.25', '0', '-5', '-2.75']);
    expect(incomeBySymbol(events, '2025-01-16', '2025-03-31').map((r) => r.symbol)).toEqual([null]);
  });
});
