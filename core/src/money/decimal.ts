/**
 * Exact decimal arithmetic for every amount the engine stores or accumulates:
 * money, quantities, prices and FX rates.
 *
 * Representation: a `Decimal` is a bigint counting units of 10^-18 (fixed scale 18),
 * branded so it cannot be mixed up with a plain bigint. Addition and subtraction are exact.
 * Multiplication and division are exact to 18 decimal places and round the 19th
 * half-to-even, which is far below any currency's minor unit, so sums never drift.
 * Values cross the worker boundary as bigints (structured clone keeps them) and are stored
 * and sent over the network as plain decimal strings ("1234.5"), never as binary floats.
 *
 * Why not a decimal library: the engine folds 100,000 transactions in well under 150 ms;
 * native bigint is several times faster than digit-array decimals and needs no dependency.
 */
export type Decimal = bigint & { readonly __decimal: unique symbol };

export const SCALE = 18;
const ONE_UNITS = 10n ** BigInt(SCALE);

export const ZERO = 0n as Decimal;
export const ONE = ONE_UNITS as Decimal;

export class DecimalParseError extends Error {
  constructor(readonly input: string, reason: string) {
    super(`"${input}" is not a decimal number: ${reason}`);
    this.name = 'DecimalParseError';
  }
}

const POW10 = Array.from({ length: SCALE + 1 }, (_, i) => 10n ** BigInt(i));

/** Units of a plain decimal string, or null when it is not one (no regex: this is the hot path). */
function parseUnits(text: string): bigint | null {
  let start = 0;
  let negative = false;
  const first = text.charCodeAt(0);
  if (first === 45 /* - */ || first === 43 /* + */) {
    negative = first === 45;
    start = 1;
  }
  let dot = -1;
  for (let i = start; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 46 /* . */ && dot < 0) dot = i;
    else if (c < 48 || c > 57) return null;
  }
  const whole = dot < 0 ? text.slice(start) : text.slice(start, dot);
  const fraction = dot < 0 ? '' : text.slice(dot + 1);
  if ((whole === '' && fraction === '') || fraction.length > SCALE) return null;
  // Up to 15 digits convert through Number exactly, which is much faster than BigInt(string).
  const wholeUnits = whole === '' ? 0n : (whole.length <= 15 ? BigInt(+whole) : BigInt(whole)) * ONE_UNITS;
  const fractionUnits = fraction === '' ? 0n : (fraction.length <= 15 ? BigInt(+fraction) : BigInt(fraction)) * POW10[SCALE - fraction.length]!;
  const units = wholeUnits + fractionUnits;
  return negative ? -units : units;
}

/** Parses a plain decimal string ("12", "-0.5", "1234.000001"). Exponents, commas and
 * more than 18 decimal places are refused rather than silently rounded. */
export function dec(input: string | number | bigint): Decimal {
  if (typeof input === 'bigint') return (input * ONE_UNITS) as Decimal;
  if (typeof input === 'number') {
    if (!Number.isSafeInteger(input)) {
      throw new DecimalParseError(String(input), 'only safe integers are accepted as numbers; pass a string');
    }
    return (BigInt(input) * ONE_UNITS) as Decimal;
  }
  const units = parseUnits(input.trim());
  if (units === null) {
    const fraction = input.trim().split('.')[1] ?? '';
    throw new DecimalParseError(input, fraction.length > SCALE && /^\d+$/.test(fraction) ? `more than ${SCALE} decimal places` : 'expected digits with an optional sign and decimal point');
  }
  return units as Decimal;
}

/** True when the string parses as a decimal (for form and CSV validation). */
export function isDecimalString(input: string): boolean {
  return parseUnits(input.trim()) !== null;
}

export function add(a: Decimal, b: Decimal): Decimal {
  return (a + b) as Decimal;
}

export function sub(a: Decimal, b: Decimal): Decimal {
  return (a - b) as Decimal;
}

export function neg(a: Decimal): Decimal {
  return -a as Decimal;
}

export function abs(a: Decimal): Decimal {
  return (a < 0n ? -a : a) as Decimal;
}

export function sum(values: Iterable<Decimal>): Decimal {
  let total = 0n;
  for (const value of values) total += value;
  return total as Decimal;
}

/** Integer division rounding half to even (banker's rounding). */
function divRound(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  if (denominator < 0n) {
    numerator = -numerator;
    denominator = -denominator;
  }
  const quotient = numerator / denominator;
  const remainder = numerator - quotient * denominator;
  if (remainder === 0n) return quotient;
  const twice = 2n * (remainder < 0n ? -remainder : remainder);
  const away = remainder < 0n ? quotient - 1n : quotient + 1n;
  if (twice > denominator) return away;
  if (twice < denominator) return quotient;
  return quotient % 2n === 0n ? quotient : away;
}

export function mul(a: Decimal, b: Decimal): Decimal {
  return divRound(a * b, ONE_UNITS) as Decimal;
}

/**
 * The exact product of two Decimals at scale 36, for summing many products and rounding
 * once with `fromExact` (the daily valuation's hot loop).
 */
export function mulExact(a: Decimal, b: Decimal): bigint {
  return a * b;
}

/** Rounds an exact value at scale 18 × (1 + extraScales) back to a Decimal, half to even. */
export function fromExact(value: bigint, extraScales = 1): Decimal {
  return divRound(value, ONE_UNITS ** BigInt(extraScales)) as Decimal;
}

export function div(a: Decimal, b: Decimal): Decimal {
  if (b === 0n) throw new RangeError('division by zero');
  return divRound(a * ONE_UNITS, b) as Decimal;
}

export function cmp(a: Decimal, b: Decimal): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function isZero(a: Decimal): boolean {
  return a === 0n;
}

export function isNegative(a: Decimal): boolean {
  return a < 0n;
}

/** Rounds to `places` decimal places, half to even. */
export function round(a: Decimal, places: number): Decimal {
  if (places >= SCALE) return a;
  const step = 10n ** BigInt(SCALE - places);
  return (divRound(a, step) * step) as Decimal;
}

/** The shortest plain decimal string for the value ("1501", "0.3", "-12.000001"). */
export function toDecimalString(a: Decimal): string {
  const negative = a < 0n;
  const units = negative ? -a : a;
  const whole = units / ONE_UNITS;
  const fraction = (units % ONE_UNITS).toString().padStart(SCALE, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** A fixed-places string, rounded half to even ("1501.00"). */
export function toFixed(a: Decimal, places: number): string {
  const rounded = round(a, places);
  const text = toDecimalString(rounded);
  if (places === 0) return text;
  const [whole, fraction = ''] = text.split('.');
  return `${whole}.${fraction.padEnd(places, '0')}`;
}
