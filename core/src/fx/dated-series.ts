import type { Decimal } from '../money/decimal';
import { toEpochDay, type EpochDay } from '../time/days';

export interface SeriesPoint {
  value: Decimal;
  /** The date the value is from (may be earlier than the date asked for). */
  date: string;
  /** Days between the value's date and the date asked for. */
  ageDays: number;
}

/**
 * A dated series (prices of one instrument, rates of one currency pair).
 *
 * Nearest-date policy: the value on the date asked for, else the latest earlier value — never a
 * later one, so past valuations do not see the future. The caller decides how old is too old
 * (`ageDays`); with no value on or before the date, the lookup returns `undefined` and the caller
 * reports a missing price or rate.
 */
export class DatedSeries {
  private readonly days: EpochDay[] = [];
  private readonly dates: string[] = [];
  private readonly values: Decimal[] = [];

  constructor(points: Iterable<readonly [string, Decimal]> = []) {
    const sorted = [...points].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    for (const [date, value] of sorted) this.push(date, value);
  }

  get size(): number {
    return this.dates.length;
  }

  get firstDate(): string | undefined {
    return this.dates[0];
  }

  /** Adds a value; a value for an existing date replaces it. */
  set(date: string, value: Decimal): void {
    const index = this.indexAtOrBefore(toEpochDay(date));
    if (index >= 0 && this.dates[index] === date) {
      this.values[index] = value;
      return;
    }
    this.days.splice(index + 1, 0, toEpochDay(date));
    this.dates.splice(index + 1, 0, date);
    this.values.splice(index + 1, 0, value);
  }

  private push(date: string, value: Decimal): void {
    if (this.dates.at(-1) === date) {
      this.values[this.values.length - 1] = value;
      return;
    }
    this.days.push(toEpochDay(date));
    this.dates.push(date);
    this.values.push(value);
  }

  /** Index of the last point on or before `day`, or -1. */
  indexAtOrBefore(day: EpochDay): number {
    let lo = 0;
    let hi = this.days.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.days[mid]! <= day) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  at(date: string): SeriesPoint | undefined {
    return this.atDay(toEpochDay(date));
  }

  atDay(day: EpochDay): SeriesPoint | undefined {
    const index = this.indexAtOrBefore(day);
    if (index < 0) return undefined;
    return { value: this.values[index]!, date: this.dates[index]!, ageDays: day - this.days[index]! };
  }

  /** A forward-only reader for sweeping days in order: O(1) amortized per step. */
  cursor(): (day: EpochDay) => SeriesPoint | undefined {
    let index = -1;
    return (day) => {
      if (index >= 0 && this.days[index]! > day) index = this.indexAtOrBefore(day);
      while (index + 1 < this.days.length && this.days[index + 1]! <= day) index += 1;
      if (index < 0) return undefined;
      return { value: this.values[index]!, date: this.dates[index]!, ageDays: day - this.days[index]! };
    };
  }

  *entries(): IterableIterator<[string, Decimal]> {
    for (let i = 0; i < this.dates.length; i += 1) yield [this.dates[i]!, this.values[i]!];
  }
}
