/** Calendar days as integers (days since 1970-01-01), for fast date arithmetic on ISO dates. */
export type EpochDay = number;

const MS_PER_DAY = 86_400_000;

const digit = (text: string, i: number) => text.charCodeAt(i) - 48;

/** Days since 1970-01-01 of a YYYY-MM-DD date: civil-calendar arithmetic (H. Hinnant's
 * days_from_civil), with no Date object or substring, since the engine calls it per transaction. */
export function toEpochDay(isoDate: string): EpochDay {
  let y = digit(isoDate, 0) * 1000 + digit(isoDate, 1) * 100 + digit(isoDate, 2) * 10 + digit(isoDate, 3);
  const m = digit(isoDate, 5) * 10 + digit(isoDate, 6);
  const d = digit(isoDate, 8) * 10 + digit(isoDate, 9);
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function fromEpochDay(day: EpochDay): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(isoDate: string, days: number): string {
  return fromEpochDay(toEpochDay(isoDate) + days);
}

export function daysBetween(from: string, to: string): number {
  return toEpochDay(to) - toEpochDay(from);
}
