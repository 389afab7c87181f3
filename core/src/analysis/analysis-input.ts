import { z } from 'zod';
import { CoreError } from '../errors';
import { dec, type Decimal } from '../money/decimal';
import type { TransactionRow } from '../model/transaction';
import { currencyField, decimalField, fieldIssues, isoDateField, symbolField, transactionInputSchema, toTransactionRow } from '../model/transaction-schema';

const datedValues = (label: string) =>
  z.record(isoDateField, decimalField(label, 'positive'), { error: `${label}s must map YYYY-MM-DD dates to numbers` });

/**
 * The document `analyzePortfolio` and `npm run report` read. Transactions use `type` for the
 * kind and `account` for the account name (both as in the README); everything else is the
 * stored transaction's field names.
 */
export const analysisInputSchema = z.object({
  baseCurrency: currencyField('baseCurrency'),
  asOf: isoDateField,
  costBasisMethod: z.enum(['average', 'fifo', 'lifo', 'specific'], { error: 'costBasisMethod must be average, fifo, lifo or specific' }).default('average'),
  transactions: z.array(z.record(z.string(), z.unknown()), { error: 'transactions must be an array' }),
  prices: z.record(symbolField, datedValues('Price')).default({}),
  fx: z
    .record(z.string().regex(/^[A-Z]{6}$/, { message: 'FX pairs are six letters, such as USDCAD' }), datedValues('FX rate'))
    .default({}),
  /** Accounts whose cash is recorded; by default an account tracks cash when it has any deposit, withdrawal, cash transfer or conversion. */
  cashTrackedAccounts: z.array(z.string()).optional(),
  /** An index to compare with: its prices go in `prices`; `currency` defaults to the base currency. */
  benchmark: z.object({ symbol: symbolField, currency: currencyField('benchmark.currency').optional() }).optional(),
});

export type AnalysisInput = z.input<typeof analysisInputSchema>;

export interface ParsedAnalysisInput {
  baseCurrency: string;
  asOf: string;
  costBasisMethod: 'average' | 'fifo' | 'lifo' | 'specific';
  transactions: TransactionRow[];
  prices: Record<string, Record<string, Decimal>>;
  fx: Record<string, Record<string, Decimal>>;
  cashTrackedAccounts?: string[];
  benchmark?: { symbol: string; currency?: string };
}

/** Validates the document; every problem is reported with its path ("transactions[3].quantity: …"). */
export function parseAnalysisInput(input: unknown): ParsedAnalysisInput {
  const top = analysisInputSchema.safeParse(input);
  if (!top.success) throw new CoreError('invalid_input', describe(fieldIssues(top.error)), fieldIssues(top.error));
  const doc = top.data;
  const issues: { field: string; message: string }[] = [];
  const transactions: TransactionRow[] = [];
  /** External ids seen, with the index of the transaction that has each (as the worker refuses a second one). */
  const externalIds = new Map<string, number>();
  doc.transactions.forEach((raw, index) => {
    const { type, account, toAccount, ...rest } = raw as { type?: unknown; account?: unknown; toAccount?: unknown } & Record<string, unknown>;
    const candidate = {
      ...rest,
      kind: type ?? rest['kind'],
      accountId: account ?? rest['accountId'] ?? 'default',
      ...(toAccount !== undefined ? { toAccountId: toAccount } : {}),
    };
    const result = transactionInputSchema.safeParse(candidate);
    if (!result.success) {
      for (const issue of fieldIssues(result.error)) issues.push({ field: `transactions[${index}].${issue.field === 'kind' ? 'type' : issue.field}`, message: issue.message });
      return;
    }
    const externalId = result.data.externalId;
    if (externalId !== undefined) {
      const first = externalIds.get(externalId);
      if (first !== undefined) {
        issues.push({ field: `transactions[${index}].externalId`, message: `Duplicate external id ${externalId} (transactions[${first}] has it)` });
        return;
      }
      externalIds.set(externalId, index);
    }
    transactions.push(toTransactionRow(result.data, { id: `tx-${index + 1}`, accountId: 'default', createdAt: doc.asOf }));
  });
  if (issues.length) throw new CoreError('invalid_input', describe(issues), issues);
  const toDecimals = (record: Record<string, Record<string, string>>) =>
    Object.fromEntries(Object.entries(record).map(([k, points]) => [k, Object.fromEntries(Object.entries(points).map(([d, v]) => [d, dec(v)]))]));
  return {
    baseCurrency: doc.baseCurrency,
    asOf: doc.asOf,
    costBasisMethod: doc.costBasisMethod,
    transactions,
    prices: toDecimals(doc.prices),
    fx: toDecimals(doc.fx),
    ...(doc.cashTrackedAccounts ? { cashTrackedAccounts: doc.cashTrackedAccounts } : {}),
    ...(doc.benchmark ? { benchmark: doc.benchmark } : {}),
  };
}

function describe(issues: { field: string; message: string }[]): string {
  return `Analysis input refused: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`;
}
