import { describe, expect, it } from 'vitest';
import { parseBackup } from '../../../../core/src/io/backup';
import { emptyBackup, isCurrencyCode, moneyExample } from './choices';

describe('isCurrencyCode', () => {
  it('accepts ISO 4217 codes and refuses look-alikes', () => {
    expect(isCurrencyCode('EUR')).toBe(true);
    expect(isCurrencyCode('CDN')).toBe(false);
    expect(isCurrencyCode('usd')).toBe(false);
    expect(isCurrencyCode('USDT')).toBe(false);
  });
});

describe('moneyExample', () => {
  it('formats by locale, with the space and comma of French Canada', () => {
    expect(moneyExample('CAD', 'fr-CA').replace(/\s/g, ' ')).toBe('1 234,56 $');
    expect(moneyExample('CAD', 'en-CA')).toBe('$1,234.56');
    expect(moneyExample('USD', 'en-US')).toBe('$1,234.56');
  });
});

describe('emptyBackup', () => {
  it('is a valid backup with every table empty', () => {
    const backup = parseBackup(JSON.stringify(emptyBackup(new Date('2025-01-01T00:00:00Z'))));
    expect(Object.values(backup.tables).every((rows) => rows.length === 0)).toBe(true);
  });
});
