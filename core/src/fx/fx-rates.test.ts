import { describe, expect, it } from 'vitest';
import { dec, toDecimalString } from '../money/decimal';
import { toEpochDay } from '../time/days';
import { DatedSeries } from './dated-series';
import { FxRates, isMissingFx } from './fx-rates';

const rates = () => {
  const fx = new FxRates();
  fx.setSeries('USD', 'CAD', new DatedSeries([['2026-03-02', dec('1.35')], ['2026-03-04', dec('1.4')]]));
  return fx;
};

describe('FxRates.quote', () => {
  it('takes the latest rate on or before the day, and derives the inverse', () => {
    const fx = rates();
    const q = fx.quote('USD', 'CAD', '2026-03-03');
    expect(isMissingFx(q) ? null : [toDecimalString(q.rate), q.date, q.ageDays, q.via]).toEqual(['1.35', '2026-03-02', 1, 'direct']);
    const inverse = fx.quote('CAD', 'USD', '2026-03-04');
    expect(isMissingFx(inverse) ? null : [toDecimalString(inverse.rate), inverse.via]).toEqual(['0.714285714285714286', 'inverse']);
    expect(fx.quote('USD', 'CAD', '2026-03-01')).toEqual({ kind: 'missing_fx', from: 'USD', to: 'CAD', date: '2026-03-01' });
  });

  it('answers the same with the epoch day given as without it: one memo entry per day', () => {
    const fx = rates();
    const byDate = fx.quote('USD', 'CAD', '2026-03-05');
    expect(fx.quote('USD', 'CAD', '2026-03-05', toEpochDay('2026-03-05'))).toBe(byDate);
    const byDay = fx.quote('USD', 'CAD', '2026-03-06', toEpochDay('2026-03-06'));
    expect(fx.quote('USD', 'CAD', '2026-03-06')).toBe(byDay);
    // A missing rate still names the date asked for.
    expect(fx.quote('USD', 'CAD', '2026-02-27', toEpochDay('2026-02-27'))).toEqual({ kind: 'missing_fx', from: 'USD', to: 'CAD', date: '2026-02-27' });
  });

  it('keeps answers for days far apart (chunks of days, before 1970 too) and for malformed dates apart', () => {
    const fx = new FxRates();
    fx.setSeries('USD', 'CAD', new DatedSeries([['1969-12-31', dec('1.08')], ['1970-01-01', dec('1.07')], ['2026-03-02', dec('1.35')]]));
    const rate = (date: string, day?: number) => {
      const q = fx.quote('USD', 'CAD', date, day);
      return isMissingFx(q) ? 'missing' : toDecimalString(q.rate);
    };
    expect(['1969-12-31', '1970-01-01', '2026-03-02'].map((d) => rate(d, toEpochDay(d)))).toEqual(['1.08', '1.07', '1.35']);
    // A malformed date has no epoch day (NaN): its answer is not day 0's (1970-01-01) from the memo.
    expect(rate('2026-3-2', toEpochDay('2026-3-2'))).toBe(rate('2026-3-2'));
    expect(fx.quote('USD', 'CAD', '2026-3-2', toEpochDay('2026-3-2'))).not.toBe(fx.quote('USD', 'CAD', '1970-01-01', 0));
  });
});
