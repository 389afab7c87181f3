import { describe, expect, it } from 'vitest';
import { DatedSeries } from '../fx/dated-series';
import { dec, toDecimalString } from '../money/decimal';
import { toEpochDay } from '../time/days';
import { PriceBook } from './price-book';
import { parseEngineTx } from './parse';

const buy = (date: string, price: string) => parseEngineTx({ id: date, accountId: 'a', kind: 'buy', date, currency: 'CAD', symbol: 'X', quantity: '1', price, createdAt: '' }, 0);
const price = (book: PriceBook, date: string) => {
  const point = book.at('X', date);
  return point && `${toDecimalString(point.value)}@${point.date}`;
};

describe('PriceBook', () => {
  const market = new Map([['X', new DatedSeries([['2024-01-02', dec('10')], ['2024-01-05', dec('12')]])]]);
  const book = new PriceBook(market);
  book.addTradePrices([buy('2024-01-03', '11'), buy('2024-01-05', '99')]);

  it('uses the latest of market closes and trade prices, the market close on the same day', () => {
    expect([price(book, '2024-01-01'), price(book, '2024-01-02'), price(book, '2024-01-04'), price(book, '2024-01-05')]).toEqual([
      undefined,
      '10@2024-01-02',
      '11@2024-01-03',
      '12@2024-01-05',
    ]);
    const cursor = book.cursor('X');
    expect(['2024-01-02', '2024-01-04', '2024-01-06'].map((d) => toDecimalString(cursor(toEpochDay(d))!.value))).toEqual(['10', '11', '12']);
  });

  it('shares the market series it is given: a close recorded later is seen without rebuilding, and trade prices stay out of it', () => {
    market.get('X')!.set('2024-01-08', dec('13'));
    expect(price(book, '2024-01-09')).toBe('13@2024-01-08');
    expect([...book.market('X')!.entries()].map(([d]) => d)).toEqual(['2024-01-02', '2024-01-05', '2024-01-08']);
  });
});
