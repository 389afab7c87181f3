import { describe, expect, it } from 'vitest';
import { PORTFOLIO_TABS, tabFromQuery, tabIndexAfterKey } from './tabs';

describe('portfolio tabs', () => {
  it('reads the tab from the query, falling back to holdings', () => {
    expect(tabFromQuery('income')).toBe('income');
    expect(tabFromQuery('nonsense')).toBe('holdings');
    expect(tabFromQuery(undefined)).toBe('holdings');
  });

  it('moves with arrows (wrapping), Home and End, and ignores other keys', () => {
    const n = PORTFOLIO_TABS.length;
    expect(tabIndexAfterKey('ArrowRight', 0, n)).toBe(1);
    expect(tabIndexAfterKey('ArrowRight', n - 1, n)).toBe(0);
    expect(tabIndexAfterKey('ArrowLeft', 0, n)).toBe(n - 1);
    expect(tabIndexAfterKey('Home', 3, n)).toBe(0);
    expect(tabIndexAfterKey('End', 0, n)).toBe(n - 1);
    expect(tabIndexAfterKey('Enter', 2, n)).toBeUndefined();
  });
});
