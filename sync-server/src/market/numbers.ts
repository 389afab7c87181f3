/**
 * Conversions at the edge of a provider: JSON numbers → decimal strings, instants → calendar dates.
 *
 * A JSON number from Yahoo has already been through a binary float; the digits it carries are the
 * source's precision, and we keep exactly those (`String(n)` is the shortest round-trip form).
 * Chart data (daily closes) is stored by Yahoo as 32-bit floats, so 75.0875 arrives as
 * 75.0875015258789; {@link numberToDecimalString} with `float32: true` prints such values as the
 * shortest decimal that maps to the same float32 ("75.0875"), which is what Yahoo stored.
 */
import { dec, toDecimalString } from '../../../core/src/money/decimal';

/** "1.5e-7" → "0.00000015"; plain strings are returned unchanged. */
function expandExponent(text: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/i.exec(text);
  if (!match) return text;
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match;
  const digits = whole + fraction;
  const point = whole.length + Number(exponent);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Shortest decimal text mapping to the same float32, when `value` is exactly a float32. */
function float32Text(value: number): string | undefined {
  if (Math.fround(value) !== value) return undefined;
  for (let precision = 1; precision <= 9; precision += 1) {
    const text = value.toPrecision(precision);
    if (Math.fround(Number(text)) === value) return text;
  }
  return undefined;
}

/**
 * A finite number as a plain decimal string ("244.6", "0.0000001"). Throws RangeError for
 * NaN/Infinity and DecimalParseError beyond 18 decimal places (never rounds silently).
 */
export function numberToDecimalString(value: number, options: { float32?: boolean } = {}): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  const text = (options.float32 ? float32Text(value) : undefined) ?? String(value);
  return toDecimalString(dec(expandExponent(text)));
}

/** `text` divided by 10^places, exactly, by moving the decimal point ("24460" → "244.6" for 2). */
export function shiftPointLeft(text: string, places: number): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new RangeError(`not a decimal string: ${text}`);
  const [, sign = '', whole = '', fraction = ''] = match;
  const padded = whole.padStart(places + 1, '0');
  const cut = padded.length - places;
  return toDecimalString(dec(`${sign}${padded.slice(0, cut)}.${padded.slice(cut)}${fraction}`));
}

/** The calendar date (YYYY-MM-DD) of `instant` in `timeZone` (IANA), else shifted by `gmtOffsetSeconds`. */
export function calendarDate(instant: Date, timeZone?: string, gmtOffsetSeconds = 0): string {
  if (timeZone) {
    try {
      const parts = new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      }).formatToParts(instant);
      const part = (type: string) => parts.find((p) => p.type === type)?.value;
      const [y, m, d] = [part('year'), part('month'), part('day')];
      if (y && m && d) return `${y}-${m}-${d}`;
    } catch {
      // Unknown time zone name: fall back to the numeric offset.
    }
  }
  return new Date(instant.getTime() + gmtOffsetSeconds * 1000).toISOString().slice(0, 10);
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDay(text: string): boolean {
  if (!DAY.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}
