/** Calendar days as integers (days since 1970-01-01), for fast date arithmetic on ISO dates. */
export type EpochDay = number;

const MS_PER_DAY = 86_400_000;

export function toEpochDay(isoDate: string): EpochDay {
  return Math.floor(Date.UTC(Number(isoDate.slice(0, 4)), Number(isoDate.slice(5, 7)) - 1, Number(isoDate.slice(8, 10))) / MS_PER_DAY);
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
