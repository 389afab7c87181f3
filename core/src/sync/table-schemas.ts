import { z } from 'zod';
import { TRANSACTION_KINDS } from '../model/transaction';
import { currencyField, decimalField, isoDateField, symbolField } from '../model/transaction-schema';
import type { SyncedTable } from './protocol';
import { insightThresholdsSchema } from '../insights/insight-thresholds';

const text = (max: number) => z.string().max(max);
const method = z.enum(['average', 'fifo', 'lifo', 'specific']);
const timestamp = z.string().max(40);
const decimalText = (label: string) => decimalField(label, 'any');

/**
 * The fields each synced table may carry, with their types. A put's fields are checked
 * against these (unknown fields and wrong types refused); `null` removes a field. History
 * rules (a sale of more than is held) are the engine's business on each device, not the
 * server's: two offline edits can each be valid and conflict only when merged.
 */
export const TABLE_FIELDS: Record<SyncedTable, z.ZodObject> = {
  settings: z.object({ id: z.literal('user'), baseCurrency: currencyField(), defaultCostBasisMethod: method, locale: text(20), insightThresholds: insightThresholdsSchema, updatedAt: timestamp }),
  portfolios: z.object({ id: text(100), name: text(100), costBasisMethod: method, createdAt: timestamp, updatedAt: timestamp }),
  accounts: z.object({ id: text(100), portfolioId: text(100), name: text(100), type: text(40), taxable: z.boolean(), createdAt: timestamp, updatedAt: timestamp }),
  transactions: z.object({
    id: text(100),
    accountId: text(100),
    kind: z.enum(TRANSACTION_KINDS),
    date: isoDateField,
    currency: currencyField(),
    symbol: symbolField,
    quantity: decimalText('quantity'),
    price: decimalText('price'),
    amount: decimalText('amount'),
    fee: decimalText('fee'),
    fxRate: decimalText('fxRate'),
    ratio: text(40),
    toAccountId: text(100),
    toCurrency: currencyField(),
    toAmount: decimalText('toAmount'),
    lotIds: z.array(text(100)).max(10_000),
    note: text(2000),
    externalId: text(200),
    source: text(40),
    createdAt: timestamp,
    updatedAt: timestamp,
  }),
  instruments: z.object({ id: symbolField, name: text(200), exchange: text(40), currency: currencyField(), assetClass: text(40), sector: text(80), country: text(80), updatedAt: timestamp }),
  targets: z.object({ id: text(300), portfolioId: text(100), key: text(100), by: z.enum(['holding', 'assetClass']), weight: decimalText('weight'), updatedAt: timestamp }),
  importReviews: z.object({
    id: text(100),
    accountId: text(100),
    source: text(40),
    externalId: text(200),
    date: isoDateField,
    reason: text(500),
    raw: text(10_000),
    status: z.enum(['resolved', 'dismissed']),
    resolvedAt: timestamp,
    createdAt: timestamp,
    updatedAt: timestamp,
  }),
};

const partials = Object.fromEntries(
  Object.entries(TABLE_FIELDS).map(([table, schema]) => [
    table,
    z.object(Object.fromEntries(Object.entries(schema.shape).map(([field, type]) => [field, (type as z.ZodType).nullable().optional()]))).strict(),
  ]),
) as Record<SyncedTable, z.ZodObject>;

/** Checks a put's fields; returns the issues (field: message), empty when valid. */
export function checkFields(table: SyncedTable, key: string, data: Record<string, unknown>): { field: string; message: string }[] {
  const result = partials[table].safeParse(data);
  const issues = result.success ? [] : result.error.issues.map((i) => ({ field: i.path.join('.') || (i.code === 'unrecognized_keys' ? (i as { keys?: string[] }).keys?.join(',') ?? 'data' : 'data'), message: i.message }));
  if ('id' in data && data['id'] !== null && data['id'] !== key) issues.push({ field: 'id', message: `id ${JSON.stringify(data['id'])} does not match the mutation key` });
  return issues;
}
