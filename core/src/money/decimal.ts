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
  const length = text.length;
  let start = 0;
  let negative = false;
  const first = text.charCodeAt(0);
  if (first === 45 /* - */ || first === 43 /* + */) {
    negative = first === 45;
    start = 1;
  }
  // One pass: check the characters and gather the digits into a number, which is exact up
  // to 15 digits (the usual case): then one BigInt conversion and one multiplication.
  let dot = -1;
  let digits = 0;
  let value = 0;
  for (let i = start; i < length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 46 /* . */ && dot < 0) dot = i;
    else if (c < 48 || c > 57) return null;
    else {
      value = value * 10 + (c - 48);
      digits += 1;
    }
  }
  const fractionLength = dot < 0 ? 0 : length - dot - 1;
  if (digits === 0 || fractionLength > SCALE) return null;
  if (digits <= 15) {
    const units = BigInt(value) * POW10[SCALE - fractionLength]!;
    return negative ? -units : units;
  }
  const whole = dot < 0 ? text.slice(start) : text.slice(start, dot);
  const fraction = dot < 0 ? '' : text.slice(dot + 1);
  const wholeUnits = whole === '' ? 0n : BigInt(whole) * ONE_UNITS;
  const fractionUnits = fraction === '' ? 0n : BigInt(fraction) * POW10[SCALE - fraction.length]!;
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

/** Integer division rounding half to even (banker's rounding). Written for few bigint
 * temporaries (each operation allocates): quotient and remainder, then one comparison. */
function divRound(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  if (denominator < 0n) {
    numerator = -numerator;
    denominator = -denominator;
  }
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  if (remainder === 0n) return quotient;
  // |remainder| < denominator; compare twice its size with the denominator.
  if (remainder > 0n) {
    const twice = remainder << 1n;
    if (twice > denominator) return quotient + 1n;
    if (twice < denominator) return quotient;
    return (quotient & 1n) === 0n ? quotient : quotient + 1n;
  }
  const twice = -remainder << 1n;
  if (twice > denominator) return quotient - 1n;
  if (twice < denominator) return quotient;
  return (quotient & 1n) === 0n ? quotient : quotient - 1n;
}

const HALF_UNITS = ONE_UNITS / 2n;
const MINUS_HALF_UNITS = -HALF_UNITS;

/** divRound(value, ONE_UNITS), the rounding of every product: ONE_UNITS is even, so the
 * remainder is compared with its precomputed half. Exact products (the usual case) cost one
 * division and one multiplication. */
function roundUnits(value: bigint): bigint {
  const quotient = value / ONE_UNITS;
  const back = quotient * ONE_UNITS;
  if (back === value) return quotient;
  const remainder = value - back;
  if (remainder > 0n) {
    if (remainder > HALF_UNITS) return quotient + 1n;
    if (remainder < HALF_UNITS) return quotient;
    return (quotient & 1n) === 0n ? quotient : quotient + 1n;
  }
  if (remainder < MINUS_HALF_UNITS) return quotient - 1n;
  if (remainder > MINUS_HALF_UNITS) return quotient;
  return (quotient & 1n) === 0n ? quotient : quotient - 1n;
}

export function mul(a: Decimal, b: Decimal): Decimal {
  return roundUnits(a * b) as Decimal;
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
  return (extraScales === 1 ? roundUnits(value) : divRound(value, ONE_UNITS ** BigInt(extraScales))) as Decimal;
}

export function div(a: Decimal, b: Decimal): Decimal {
  if (b === 0n) throw new RangeError('division by zero');
  return divRound(a * ONE_UNITS, b) as Decimal;
}

/**
 * `div(mul(a, b), c)`, the same result to the last unit (the product's rounding included),
 * with fewer temporaries: a product that needs no rounding (the usual case, e.g. a cost times
 * a whole number of units) is divided directly. For pro-rating costs by units.
 */
export function mulDiv(a: Decimal, b: Decimal, c: Decimal): Decimal {
  if (c === 0n) throw new RangeError('division by zero');
  // Whole b and c (units of shares, the usual case): a × b / c is a × (b/ONE) / (c/ONE), the
  // same quotient and the same tie, with small operands: two short divisions by ONE instead
  // of two long divisions of a four-digit product.
  const wholeB = wholeUnits(b);
  if (wholeB !== undefined) {
    const wholeC = wholeUnits(c);
    if (wholeC !== undefined) return mulDivWhole(a, wholeB, wholeC);
  }
  const product = a * b;
  if (product % ONE_UNITS === 0n) return divRound(product, c) as Decimal;
  return divRound(roundUnits(product) * ONE_UNITS, c) as Decimal;
}

/** `a × b / c` for plain integers b and c (e.g. whole units from `wholeUnits`), rounded half to even:
 * `mulDiv(a, b × ONE, c × ONE)`. For pro-rating several amounts by the same units, which are then
 * split once. */
export function mulDivWhole(a: Decimal, b: bigint, c: bigint): Decimal {
  return divRound(a * b, c) as Decimal;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** The value as a plain number when it is a count of whole units, 0 to 2^53 − 1 (exact as a
 * float), else NaN. For loops that count units down without bigint work. */
export function wholeNumber(a: Decimal): number {
  return safeNumber(wholeUnits(a));
}

/** A plain integer from 0 to 2^53 − 1 as a number (exact), else NaN; NaN for undefined. */
export function safeNumber(whole: bigint | undefined): number {
  return whole !== undefined && whole >= 0n && whole <= MAX_SAFE ? Number(whole) : Number.NaN;
}

/** The value as a whole number of units (`a` = result × ONE), or undefined when it has a fraction. */
export function wholeUnits(a: Decimal): bigint | undefined {
  const whole = a / ONE_UNITS;
  return whole * ONE_UNITS === a ? whole : undefined;
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
