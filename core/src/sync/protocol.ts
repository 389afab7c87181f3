import { z } from 'zod';

/**
 * The sync protocol between a device and the sync server, shared by both sides.
 *
 * `POST /api/v1/sync` with `SyncRequest` → `SyncResponse`: the device pushes its outbox and
 * pulls what changed since its cursor, in one request. The server:
 * - skips mutations with `mid <= lastMid` for that client (retries are safe);
 * - validates each mutation's fields against its table's schema (unknown tables refused);
 * - merges last-writer-wins per field by hybrid logical clock; a delete is a tombstone that
 *   wins over field values with older clocks; only a whole-row put newer than the delete
 *   re-creates the row (a patch never resurrects a deleted row with a few fields);
 * - returns the current row to the device whenever one of its mutations lost to a newer
 *   clock (also on a retry), so no device keeps showing a losing value;
 * - bumps the user's change sequence for every row it changes, and returns rows with
 *   `seq > cursor`, at most `limit` per response (`more` says whether to ask again);
 * - does all of it in one SQLite transaction, scoped to the user in the verified token.
 */
export const SYNCED_TABLES = ['settings', 'portfolios', 'accounts', 'transactions', 'instruments', 'targets', 'importReviews'] as const;
export type SyncedTable = (typeof SYNCED_TABLES)[number];

export const HLC_PATTERN = /^\d{13}-[0-9a-z]{4}-[A-Za-z0-9_-]{1,40}$/;

/** Fields set by a put: values are JSON; `null` removes the field. */
export type RowFields = Record<string, unknown>;

export const mutationSchema = z.object({
  mid: z.number().int().positive(),
  table: z.enum(SYNCED_TABLES, { error: (i) => `Unknown table ${JSON.stringify(i.input)}` }),
  key: z.string().min(1).max(200),
  /** put: a whole row (create or re-create); patch: changed fields of an existing row; delete. */
  op: z.enum(['put', 'patch', 'delete']),
  data: z.record(z.string(), z.unknown()).optional(),
  hlc: z.string().regex(HLC_PATTERN, { message: 'hlc must be a hybrid logical clock' }),
});
export type Mutation = z.infer<typeof mutationSchema>;

export const MAX_MUTATIONS_PER_REQUEST = 5_000;
export const MAX_PAGE = 5_000;

export const syncRequestSchema = z.object({
  clientId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { message: 'clientId must be 8–64 letters, digits, - or _' }),
  cursor: z.number().int().min(0),
  mutations: z.array(mutationSchema).max(MAX_MUTATIONS_PER_REQUEST),
  limit: z.number().int().min(1).max(MAX_PAGE).optional(),
});
export type SyncRequest = z.infer<typeof syncRequestSchema>;

export interface SyncChange {
  table: SyncedTable;
  key: string;
  /** The row as merged on the server, or null when it is deleted. */
  data: RowFields | null;
  seq: number;
  /** The newest clock in the row (a field's or the tombstone's): devices merge it into their
   * own clock, so an edit made after seeing this change always sorts after it. */
  hlc: string;
}

export interface SyncResponse {
  /** The highest mutation number of this client the server has applied. */
  lastMid: number;
  cursor: number;
  more: boolean;
  /** Rows changed after the cursor, plus the current state of any row where one of this
   * push's mutations lost to a newer clock (so the device drops its losing value). */
  changes: SyncChange[];
}

/** Reason codes of the error envelope `{ error: { code, message, issues? } }`. */
export type SyncErrorCode = 'invalid_input' | 'unauthorized' | 'rate_limited' | 'payload_too_large' | 'cursor_expired' | 'clock_skew';
