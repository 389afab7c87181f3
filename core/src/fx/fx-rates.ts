import { div, mul, ONE, type Decimal } from '../money/decimal';
import { DatedSeries } from './dated-series';
import { toEpochDay } from '../time/days';

/** The memo key of a date: the epoch day of a YYYY-MM-DD date (numbers hash faster than
 * strings; a rate found depends only on the day), else the string itself. */
function dateKey(date: string): number | string {
  if (date.length !== 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) return date;
  for (let i = 0; i < 10; i += 1) {
    if (i === 4 || i === 7) continue;
    const c = date.charCodeAt(i);
    if (c < 48 || c > 57) return date;
  }
  return toEpochDay(date);
}

/**
 * Memoized answers of one pair: by epoch day in chunks of 256 days (two array reads, no hashing,
 * and memory only for the years asked about); other keys (date strings that are not
 * YYYY-MM-DD, a day that is not an integer) in a map.
 */
class PairMemo {
  private readonly chunks: (Answer[] | undefined)[] = [];
  private readonly others = new Map<string | number, Answer>();

  get(key: number | string): Answer | undefined {
    if (typeof key === 'string' || !Number.isInteger(key)) return this.others.get(key);
    const chunk = this.chunks[key >> 8];
    return chunk === undefined ? undefined : chunk[key & 255];
  }

  set(key: number | string, answer: Answer): void {
    if (typeof key === 'string' || !Number.isInteger(key)) {
      this.others.set(key, answer);
      return;
    }
    let chunk = this.chunks[key >> 8];
    if (chunk === undefined) this.chunks[key >> 8] = chunk = new Array<Answer>(256);
    chunk[key & 255] = answer;
  }
}

type Answer = FxQuote | MissingFx;

/** How one currency converts into another on a date, and where the rate came from. */
export interface FxQuote {
  rate: Decimal;
  /** Date of the (oldest) rate used. */
  date: string;
  ageDays: number;
  /** How the rate was found: direct pair, inverse of the opposite pair, or a cross through a third currency. */
  via: 'identity' | 'direct' | 'inverse' | `cross:${string}`;
}

/** A rate the engine needed and did not have. Shown to the user, never replaced by 1. */
export interface MissingFx {
  kind: 'missing_fx';
  from: string;
  to: string;
  date: string;
}

/**
 * FX rates as dated series per pair. `USDCAD` on a date is the CAD value of 1 USD. The inverse
 * pair is derived (1 / rate); a pair with no series of either direction is crossed through a
 * currency both sides have (e.g. EUR→CAD as EUR→USD→CAD). Dates follow DatedSeries' policy.
 */
export class FxRates {
  private readonly pairs = new Map<string, DatedSeries>();
  /** Answers already computed, by from → to → date (no key concatenation on the hot path); cleared whenever a rate changes.
   * Well-formed dates are keyed by their epoch day (a YYYY-MM-DD date and its day are one-to-one). */
  private readonly memo = new Map<string, Map<string, PairMemo>>();

  static fromRecord(record: Record<string, Record<string, Decimal>>): FxRates {
    const rates = new FxRates();
    for (const [pair, points] of Object.entries(record)) rates.setSeries(pair.slice(0, 3), pair.slice(3, 6), new DatedSeries(Object.entries(points)));
    return rates;
  }

  setSeries(from: string, to: string, series: DatedSeries): void {
    this.pairs.set(from + to, series);
    this.memo.clear();
  }

  set(from: string, to: string, date: string, rate: Decimal): void {
    const key = from + to;
    let series = this.pairs.get(key);
    if (!series) this.pairs.set(key, (series = new DatedSeries()));
    series.set(date, rate);
    this.memo.clear();
  }

  series(from: string, to: string): DatedSeries | undefined {
    return this.pairs.get(from + to);
  }

  /** Currencies that have any series. */
  currencies(): Set<string> {
    const all = new Set<string>();
    for (const key of this.pairs.keys()) {
      all.add(key.slice(0, 3));
      all.add(key.slice(3, 6));
    }
    return all;
  }

  private oneHop(from: string, to: string, date: string): FxQuote | undefined {
    const direct = this.pairs.get(from + to)?.at(date);
    if (direct) return { rate: direct.value, date: direct.date, ageDays: direct.ageDays, via: 'direct' };
    const inverse = this.pairs.get(to + from)?.at(date);
    if (inverse) return { rate: div(ONE, inverse.value), date: inverse.date, ageDays: inverse.ageDays, via: 'inverse' };
    return undefined;
  }

  /** The rate to convert `from` into `to` on `date`, or a MissingFx. `day`, when the caller
   * has it, must be `toEpochDay(date)` of a well-formed date (the memo's key; the engine's
   * transactions carry it): it saves parsing the date again. */
  quote(from: string, to: string, date: string, day?: number): FxQuote | MissingFx {
    if (from === to) return { rate: ONE, date, ageDays: 0, via: 'identity' };
    let byTo = this.memo.get(from);
    if (!byTo) this.memo.set(from, (byTo = new Map()));
    let byDate = byTo.get(to);
    if (!byDate) byTo.set(to, (byDate = new PairMemo()));
    const k = day ?? dateKey(date);
    let answer = byDate.get(k);
    // A missing rate names the date asked for, and "2021-02-29" is the day of "2021-03-01".
    if (answer === undefined || ('kind' in answer && answer.date !== date)) {
      answer = this.lookup(from, to, date);
      byDate.set(k, answer);
    }
    return answer;
  }

  private lookup(from: string, to: string, date: string): FxQuote | MissingFx {
    const hop = this.oneHop(from, to, date);
    if (hop) return hop;
    for (const middle of this.currencies()) {
      if (middle === from || middle === to) continue;
      const first = this.oneHop(from, middle, date);
      const second = first && this.oneHop(middle, to, date);
      if (first && second) {
        const older = first.ageDays >= second.ageDays ? first : second;
        return { rate: mul(first.rate, second.rate), date: older.date, ageDays: older.ageDays, via: `cross:${middle}` };
      }
    }
    return { kind: 'missing_fx', from, to, date };
  }
}

export function isMissingFx(value: FxQuote | MissingFx): value is MissingFx {
  return 'kind' in value;
}
