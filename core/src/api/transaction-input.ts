import { z } from 'zod';
import { CoreError, type FieldIssue } from '../errors';
import { cmp, dec, isDecimalString, ZERO } from '../money/decimal';
import { isCurrencyCode } from '../money/currency';

const decimalString = (label: string, rule: 'positive' | 'nonNegative') =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .refine(isDecimalString, { message: `${label} must be a plain number such as 12.50` })
    .refine((v) => !isDecimalString(v) || cmp(dec(v), ZERO) > (rule === 'positive' ? 0 : -1), {
      message: rule === 'positive' ? `${label} must be greater than zero` : `${label} cannot be negative`,
    });

const isoDate = z
  .string({ error: 'Date is required' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'Date must be YYYY-MM-DD' })
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), {
    message: 'Date is not a real calendar day',
  });

/** Blank optional fields (an empty form input) mean "not given". */
const blankAsMissing = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema);

/** A buy as a form, a CSV row or an API caller gives it (strings, not yet trusted). */
export const buyInputSchema = z.object({
  accountId: z.string().min(1).optional(),
  date: isoDate,
  symbol: z
    .string({ error: 'Symbol is required' })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9][A-Z0-9.\-=^]{0,19}$/, { message: 'Symbol must be 1–20 letters, digits, dots or dashes' }),
  currency: z
    .string({ error: 'Currency is required' })
    .trim()
    .toUpperCase()
    .refine(isCurrencyCode, { message: 'Currency must be an ISO 4217 code such as CAD or USD' }),
  quantity: decimalString('Quantity', 'positive'),
  price: decimalString('Price', 'nonNegative'),
  fee: blankAsMissing(decimalString('Commission', 'nonNegative').default('0')),
  note: blankAsMissing(z.string().max(1000).optional()),
});

export type BuyInput = z.input<typeof buyInputSchema>;
export type ValidBuy = z.output<typeof buyInputSchema>;

/** Validates a buy; refuses it with one issue per wrong field, including a future date. */
export function parseBuyInput(input: unknown, today: string): ValidBuy {
  const result = buyInputSchema.safeParse(input);
  const issues: FieldIssue[] = result.success
    ? []
    : result.error.issues.map((issue) => ({ field: issue.path.join('.') || 'input', message: issue.message }));
  if (result.success && result.data.date > today) {
    issues.push({ field: 'date', message: `Date ${result.data.date} is in the future (today is ${today})` });
  }
  if (!result.success || issues.length) {
    throw new CoreError('invalid_input', `Transaction refused: ${issues.map((i) => i.message).join('; ')}`, issues);
  }
  return result.data;
}
