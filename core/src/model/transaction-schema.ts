import { z } from 'zod';
import { CoreError, type FieldIssue } from '../errors';
import { cmp, dec, isDecimalString, toDecimalString, ZERO } from '../money/decimal';
import { isCurrencyCode } from '../money/currency';
import type { TransactionRow } from './transaction';

/** Blank optional fields (an empty form input or CSV cell) mean "not given". */
const blankAsMissing = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema);

type Sign = 'positive' | 'nonNegative' | 'any';
const SIGN_MESSAGE: Record<Exclude<Sign, 'any'>, string> = {
  positive: 'must be greater than zero',
  nonNegative: 'cannot be negative',
};

/** A decimal given as a string (or a JSON number), normalized to its shortest string. */
export const decimalField = (label: string, sign: Sign) =>
  z
    .union([z.string(), z.number()], { error: `${label} is required` })
    .transform((v) => (typeof v === 'number' ? String(v) : v.trim()))
    .refine(isDecimalString, { message: `${label} must be a plain number such as 12.50` })
    .refine((v) => sign === 'any' || !isDecimalString(v) || cmp(dec(v), ZERO) >= (sign === 'positive' ? 1 : 0), {
      message: sign === 'any' ? '' : `${label} ${SIGN_MESSAGE[sign]}`,
    })
    .transform((v) => toDecimalString(dec(v)));

export const isoDateField = z
  .string({ error: 'Date is required' })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'Date must be YYYY-MM-DD' })
  .refine((v) => {
    const parsed = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(v);
  }, { message: 'Date is not a real calendar day' });

export const symbolField = z
  .string({ error: 'Symbol is required' })
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9^][A-Z0-9.\-=^:]{0,23}$/, { message: 'Symbol must be 1–24 letters, digits, dots or dashes' });

export const currencyField = (label = 'Currency') =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .toUpperCase()
    .refine(isCurrencyCode, { message: `${label} must be an ISO 4217 code such as CAD or USD` });

const ratioField = z
  .string({ error: 'Ratio is required' })
  .trim()
  .regex(/^\d+(\.\d+)?:\d+(\.\d+)?$/, { message: 'Ratio must be "new:old", such as 2:1 or 1:10' })
  .refine((v) => v.split(':').every((part) => cmp(dec(part), ZERO) > 0), { message: 'Ratio parts must be greater than zero' });

const common = {
  id: z.string().min(1).max(100).optional(),
  accountId: z.string().min(1).max(100).optional(),
  date: isoDateField,
  currency: currencyField(),
  fee: blankAsMissing(decimalField('Commission', 'nonNegative').optional()),
  fxRate: blankAsMissing(decimalField('FX rate', 'positive').optional()),
  note: blankAsMissing(z.string().max(2000).optional()),
  externalId: blankAsMissing(z.string().max(200).optional()),
  source: blankAsMissing(z.string().max(40).optional()),
};

const trade = (kind: 'buy' | 'sell') =>
  z.object({
    ...common,
    kind: z.literal(kind),
    symbol: symbolField,
    quantity: decimalField('Quantity', 'positive'),
    price: decimalField('Price', 'nonNegative'),
    ...(kind === 'sell' ? { lotIds: z.array(z.string().min(1)).min(1).optional() } : {}),
  });

const cashOnly = (kind: 'interest' | 'fee' | 'deposit' | 'withdrawal') =>
  z.object({ ...common, kind: z.literal(kind), amount: decimalField('Amount', 'positive'), symbol: blankAsMissing(symbolField.optional()) });

/** Every transaction kind, as a form, CSV row, backup or API caller gives it. */
export const transactionInputSchema = z.discriminatedUnion('kind', [
  trade('buy'),
  trade('sell'),
  z.object({ ...common, kind: z.literal('dividend'), symbol: symbolField, amount: decimalField('Amount', 'positive') }),
  z.object({
    ...common,
    kind: z.literal('drip'),
    symbol: symbolField,
    quantity: decimalField('Quantity', 'positive'),
    price: decimalField('Price', 'nonNegative'),
  }),
  cashOnly('interest'),
  cashOnly('fee'),
  cashOnly('deposit'),
  cashOnly('withdrawal'),
  z.object({ ...common, kind: z.literal('withholding_tax'), amount: decimalField('Amount', 'positive'), symbol: blankAsMissing(symbolField.optional()) }),
  z
    .object({
      ...common,
      kind: z.literal('transfer'),
      toAccountId: z.string({ error: 'Destination account is required' }).min(1, { message: 'Destination account is required' }),
      symbol: blankAsMissing(symbolField.optional()),
      quantity: blankAsMissing(decimalField('Quantity', 'positive').optional()),
      amount: blankAsMissing(decimalField('Amount', 'positive').optional()),
    })
    .superRefine((t, ctx) => {
      const security = t.symbol !== undefined || t.quantity !== undefined;
      if (security && (t.symbol === undefined || t.quantity === undefined)) {
        ctx.addIssue({ code: 'custom', path: [t.symbol === undefined ? 'symbol' : 'quantity'], message: 'A securities transfer needs both symbol and quantity' });
      }
      if (security && t.amount !== undefined) ctx.addIssue({ code: 'custom', path: ['amount'], message: 'Transfer either securities (symbol, quantity) or cash (amount), not both' });
      if (!security && t.amount === undefined) ctx.addIssue({ code: 'custom', path: ['amount'], message: 'A cash transfer needs an amount' });
      if (t.accountId !== undefined && t.accountId === t.toAccountId) ctx.addIssue({ code: 'custom', path: ['toAccountId'], message: 'Destination account must differ from the source account' });
    }),
  z.object({ ...common, kind: z.literal('split'), symbol: symbolField, ratio: ratioField }),
  z.object({ ...common, kind: z.literal('return_of_capital'), symbol: symbolField, amount: decimalField('Amount', 'positive') }),
  z
    .object({
      ...common,
      kind: z.literal('fx_conversion'),
      amount: decimalField('Amount', 'positive'),
      toCurrency: currencyField('Target currency'),
      toAmount: decimalField('Converted amount', 'positive'),
    })
    .refine((t) => t.toCurrency !== t.currency, { path: ['toCurrency'], message: 'Target currency must differ from the currency converted' }),
  z.object({
    ...common,
    kind: z.literal('opening_position'),
    symbol: symbolField,
    quantity: decimalField('Quantity', 'positive'),
    amount: decimalField('Total cost', 'nonNegative'),
  }),
], { error: (issue) => (issue.code === 'invalid_union' ? 'Kind must be one of the transaction kinds' : undefined) });

export type TransactionInput = z.input<typeof transactionInputSchema>;
export type ValidTransaction = z.output<typeof transactionInputSchema>;

/** Zod issues as `{field, message}` pairs, the shape every boundary reports. */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ field: issue.path.join('.') || 'input', message: issue.message }));
}

/**
 * Validates one transaction. Refuses it with every wrong field named, including a date after
 * `today`; `label` names the transaction in the message (a CSV line, an id).
 */
export function parseTransactionInput(input: unknown, today: string, label = 'Transaction'): ValidTransaction {
  const result = transactionInputSchema.safeParse(input);
  const issues = result.success ? [] : fieldIssues(result.error);
  // Checked whatever else is wrong, so the form names every field at once: a well-formed date
  // (the schema's own date issue otherwise) after today.
  const date = result.success ? result.data.date : dateOf(input);
  if (date !== undefined && date > today && !issues.some((i) => i.field === 'date')) {
    issues.push({ field: 'date', message: `Date ${date} is in the future (today is ${today})` });
  }
  if (!result.success || issues.length) {
    throw new CoreError('invalid_input', `${label} refused: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`, issues);
  }
  return result.data;
}

/** The input's date when it is a real calendar day (as the schema checks it), else undefined. */
function dateOf(input: unknown): string | undefined {
  const parsed = isoDateField.safeParse((input as { date?: unknown } | null)?.date);
  return parsed.success ? parsed.data : undefined;
}

/** A validated transaction as a stored row (optional fields left out when absent). */
export function toTransactionRow(valid: ValidTransaction, ids: { id: string; accountId: string; createdAt: string }): TransactionRow {
  const row: Record<string, unknown> = { ...valid, id: valid.id ?? ids.id, accountId: valid.accountId ?? ids.accountId, createdAt: ids.createdAt };
  for (const key of Object.keys(row)) if (row[key] === undefined) delete row[key];
  return row as unknown as TransactionRow;
}
