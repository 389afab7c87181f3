import { describe, expect, it } from 'vitest';
import { TRANSACTION_KINDS, type TransactionRow } from '../../../../core/src/model/transaction';
import { parseTransactionInput } from '../../../../core/src/model/transaction-schema';
import { fxSourceText } from './fx-hint';
import { buildInput, describeSaved, fieldsFor, KINDS, needsFxRate, valuesOf } from './kind-fields';
import { moveActive, searchTerm } from './listbox-keys';

const TODAY = '2025-02-01';

/** Values a person could type for every field; each kind keeps only its own. */
const typed = { date: '2025-01-10', currency: 'usd', symbol: ' aapl ', quantity: '10', price: '150.5', amount: '25', ratio: '2:1', toCurrency: 'cad', toAmount: '34', fee: '1', fxRate: '', toAccountId: 'acc-2', note: '' };

describe('the form’s fields per kind', () => {
  it('offers every kind the core knows, once', () => {
    expect(KINDS.map((k) => k.kind).sort()).toEqual([...TRANSACTION_KINDS].sort());
  });

  it('builds an input the core accepts for every kind, from only the shown fields', () => {
    for (const kind of TRANSACTION_KINDS) {
      for (const mode of kind === 'transfer' ? (['cash', 'securities'] as const) : (['cash'] as const)) {
        const shown = fieldsFor(kind, mode);
        const input = buildInput(kind, 'acc-1', typed, shown);
        expect(() => parseTransactionInput(input, TODAY), `${kind} ${mode}`).not.toThrow();
        // Fields of other kinds are not sent (a quantity typed before switching to a deposit).
        for (const key of ['symbol', 'quantity', 'price', 'amount', 'ratio', 'toAmount', 'fee']) {
          if (!shown.includes(key as never)) expect(input, `${kind} ${mode} ${key}`).not.toHaveProperty(key);
        }
      }
    }
  });

  it('upper-cases codes and leaves blanks for the core to name', () => {
    const input = buildInput('buy', 'acc-1', { ...typed, quantity: '' }, fieldsFor('buy'));
    expect(input).toEqual({ kind: 'buy', accountId: 'acc-1', date: '2025-01-10', symbol: 'AAPL', currency: 'USD', price: '150.5', fee: '1' });
    expect(() => parseTransactionInput(input, TODAY)).toThrow(expect.objectContaining({ issues: [{ field: 'quantity', message: 'Quantity is required' }] }));
    // An optional symbol left blank means none.
    expect(buildInput('withholding_tax', 'acc-1', { ...typed, symbol: '  ' }, fieldsFor('withholding_tax'))).not.toHaveProperty('symbol');
    expect(buildInput('deposit', 'acc-1', { ...typed, note: ' rent ' }, fieldsFor('deposit'))).toMatchObject({ note: 'rent' });
  });

  it('shows the FX rate only for money in a currency other than the base', () => {
    expect(needsFxRate('buy', fieldsFor('buy'), 'usd', 'CAD')).toBe(true);
    expect(needsFxRate('buy', fieldsFor('buy'), 'CAD', 'CAD')).toBe(false);
    expect(needsFxRate('buy', fieldsFor('buy'), 'US', 'CAD')).toBe(false);
    expect(needsFxRate('split', fieldsFor('split'), 'USD', 'CAD')).toBe(false);
    expect(needsFxRate('transfer', fieldsFor('transfer'), 'USD', 'CAD')).toBe(false);
  });

  it('turns a stored row back into form values, with its transfer mode', () => {
    const row: TransactionRow = { id: 't1', accountId: 'a', kind: 'transfer', date: '2025-01-02', currency: 'CAD', symbol: 'XEQT.TO', quantity: '3', toAccountId: 'b', createdAt: '' };
    expect(valuesOf(row)).toEqual({ values: { date: '2025-01-02', currency: 'CAD', symbol: 'XEQT.TO', quantity: '3', toAccountId: 'b' }, transfer: 'securities' });
    expect(valuesOf({ ...row, symbol: undefined, quantity: undefined, amount: '5' } as unknown as TransactionRow).transfer).toBe('cash');
    expect(describeSaved({ ...row, kind: 'buy' }, 'en-CA')).toBe('buy 3 XEQT.TO on 2025-01-02');
    expect(describeSaved({ ...row, quantity: '1234.5' }, 'fr-CA')).toMatch(/^transfer 1[\u00a0\u202f]234,5 XEQT\.TO on 2025-01-02$/);
    expect(describeSaved({ id: 'x', accountId: 'a', kind: 'fx_conversion', date: '2025-01-02', currency: 'CAD', amount: '100', toCurrency: 'USD', toAmount: '70', createdAt: '' }, 'en-CA')).toBe('FX conversion $100.00 → US$70.00 on 2025-01-02');
    expect(describeSaved({ id: 'y', accountId: 'a', kind: 'drip', date: '2025-01-02', currency: 'USD', symbol: 'AAPL', quantity: '0.01', price: '170', createdAt: '' }, 'en-CA')).toBe('DRIP 0.01 AAPL on 2025-01-02');
  });
});

describe('combobox keys', () => {
  it('moves through the options, wrapping, and stays put with none', () => {
    expect(moveActive(-1, 'ArrowDown', 3)).toBe(0);
    expect(moveActive(2, 'ArrowDown', 3)).toBe(0);
    expect(moveActive(-1, 'ArrowUp', 3)).toBe(2);
    expect(moveActive(1, 'ArrowUp', 3)).toBe(0);
    expect(moveActive(1, 'End', 3)).toBe(2);
    expect(moveActive(2, 'Home', 3)).toBe(0);
    expect(moveActive(1, 'x', 3)).toBe(1);
    expect(moveActive(0, 'ArrowDown', 0)).toBe(-1);
  });

  it('searches the trimmed, upper-cased text, at most 64 characters', () => {
    expect(searchTerm('  abbv ')).toBe('ABBV');
    expect(searchTerm('x'.repeat(80))).toHaveLength(64);
  });
});

describe('FX source line', () => {
  it('says where the rate came from, or that there is none', () => {
    expect(fxSourceText({ found: true, from: 'USD', to: 'CAD', pair: 'USDCAD', inverted: false, rate: '1.4352', date: '2025-01-10', source: 'yahoo', demo: false })).toBe('USDCAD 1.4352 on 2025-01-10, from market data.');
    expect(fxSourceText({ found: true, from: 'USD', to: 'EUR', pair: 'EURUSD', inverted: true, rate: '0.9', date: '2020-01-02', source: 'fixture', demo: true })).toBe('USDEUR 0.9 on 2020-01-02 (inverse of EURUSD), from market data, demo data.');
    expect(fxSourceText({ found: false, from: 'USD', to: 'CAD', date: '2025-01-10', reason: 'none' })).toBe('No USD→CAD rate for 2025-01-10 in market data: enter the broker’s rate.');
    // A rate the user entered stays; the market's is shown beside it.
    expect(fxSourceText({ found: false, from: 'USD', to: 'CAD', date: '2025-01-10', reason: 'none' }, true)).toBe('No USD→CAD rate for 2025-01-10 in market data: the rate entered is used.');
    expect(fxSourceText({ found: true, from: 'EUR', to: 'USD', pair: 'EURUSD', inverted: false, rate: '1.1220826', date: '2020-01-02', source: 'yahoo', demo: false }, true)).toBe('Market rate: EURUSD 1.1220826 on 2020-01-02, from market data. The rate entered is used.');
  });
});
