/**
 * JSON backup of every table. `parseBackup` trusts nothing: a backup may be old, hand-edited
 * or not a backup at all, so it is validated in full and refused with the path of every
 * problem ("tables.transactions[3].quantity: Quantity must be greater than zero").
 */
import { insightThresholdsSchema } from '../insights/insight-thresholds';
import type { InsightThresholds } from '../insights/insight-types';
import { z } from 'zod';
import { CoreError, type FieldIssue } from '../errors';
import type { TransactionRow } from '../model/transaction';
import { currencyField, transactionInputSchema } from '../model/transaction-schema';

export const BACKUP_FORMAT = 'folio-backup';
export const BACKUP_VERSION = 1;

/** A row of a table whose shape the backup does not police beyond its id. */
export type BackupEntity = { id: string } & Record<string, unknown>;

export interface BackupTables {
  portfolios: BackupEntity[];
  accounts: BackupEntity[];
  instruments: BackupEntity[];
  transactions: TransactionRow[];
  targets: BackupEntity[];
  /** Imported rows kept for a decision (older backups have none). */
  importReviews?: BackupEntity[];
}

export interface Backup {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  /** ISO timestamp. */
  exportedAt: string;
  tables: BackupTables;
  /** The user's settings when the backup was made (older backups have none). */
  settings?: BackupSettings;
}

export interface BackupSettings {
  baseCurrency: string;
  defaultCostBasisMethod: 'average' | 'fifo' | 'lifo' | 'specific';
  locale?: string;
  insightThresholds?: Partial<InsightThresholds>;
}

const entity = z.looseObject({ id: z.string({ error: 'Id is required' }).min(1, { error: 'Id is required' }) });

const required = (label: string) => z.string({ error: `${label} is required` }).min(1, { error: `${label} is required` });

/** A stored transaction: the input schema plus the row's own metadata. */
const transactionRow = z.intersection(
  transactionInputSchema,
  z.object({
    id: required('Id'),
    accountId: required('Account'),
    createdAt: required('Created at'),
    updatedAt: z.string().optional(),
  }),
);

const uniqueIds = (table: string) => (rows: { id: string }[], ctx: z.RefinementCtx) => {
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    if (seen.has(row.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `Id "${row.id}" appears twice in ${table}` });
    seen.add(row.id);
  });
};

const backupSchema = z.object({
  format: z.literal(BACKUP_FORMAT, { error: 'Not a Folio backup' }),
  version: z.literal(BACKUP_VERSION, { error: (issue) => `Unsupported backup version ${JSON.stringify(issue.input)} (this app reads version ${BACKUP_VERSION})` }),
  exportedAt: z.string({ error: 'Export time is required' }),
  settings: z
    .object({
      baseCurrency: currencyField('Base currency'),
      defaultCostBasisMethod: z.enum(['average', 'fifo', 'lifo', 'specific'], { error: 'Cost-basis method must be average, fifo, lifo or specific' }),
      locale: z.string().max(20).optional(),
      insightThresholds: insightThresholdsSchema.optional(),
    })
    .optional(),
  tables: z.strictObject(
    {
      portfolios: z.array(entity).superRefine(uniqueIds('portfolios')),
      accounts: z.array(entity).superRefine(uniqueIds('accounts')),
      instruments: z.array(entity).superRefine(uniqueIds('instruments')),
      transactions: z.array(transactionRow).superRefine(uniqueIds('transactions')),
      targets: z.array(entity).superRefine(uniqueIds('targets')),
      importReviews: z.array(entity).superRefine(uniqueIds('importReviews')).optional(),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `Unknown table(s): ${issue.keys.join(', ')}` : undefined) },
  ),
});

/** A zod path as people write it: tables.transactions[3].quantity. */
function pathText(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) text += typeof part === 'number' ? `[${part}]` : `${text ? '.' : ''}${String(part)}`;
  return text || 'backup';
}

function refuse(issues: FieldIssue[]): never {
  throw new CoreError('invalid_input', `Backup refused: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`, issues);
}

/** Parses and validates a backup file; refuses it (CoreError 'invalid_input') naming every bad path. */
export function parseBackup(text: string): Backup {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    refuse([{ field: 'backup', message: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` }]);
  }
  const result = backupSchema.safeParse(json);
  if (!result.success) refuse(result.error.issues.map((issue) => ({ field: pathText(issue.path), message: issue.message })));
  return result.data as Backup;
}

/** Builds a backup of the given tables, stamped with `now`. */
export function createBackup(
  tables: {
    portfolios: readonly { id: string }[];
    accounts: readonly { id: string }[];
    instruments: readonly { id: string }[];
    transactions: readonly TransactionRow[];
    targets: readonly { id: string }[];
    importReviews?: readonly { id: string }[];
  },
  now: Date | string,
): Backup {
  const copy = (rows: readonly { id: string }[]) => rows.map((row) => ({ ...row }) as BackupEntity);
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: typeof now === 'string' ? now : now.toISOString(),
    tables: {
      portfolios: copy(tables.portfolios),
      accounts: copy(tables.accounts),
      instruments: copy(tables.instruments),
      transactions: tables.transactions.map((row) => ({ ...row })),
      targets: copy(tables.targets),
      importReviews: copy(tables.importReviews ?? []),
    },
  };
}
